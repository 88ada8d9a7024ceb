import { defineModelImportLimitSuite } from "./model-import-limits.suite";

defineModelImportLimitSuite("pglite");
