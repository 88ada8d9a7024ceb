import { defineStorageOrphanSuite } from "./storage-orphans.suite";

defineStorageOrphanSuite("postgres");
