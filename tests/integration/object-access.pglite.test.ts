import { defineObjectAccessSuite } from "./object-access.suite";

defineObjectAccessSuite("pglite");
