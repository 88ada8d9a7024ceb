import { defineLifecycleSuite } from "./task-lifecycle.suite";

defineLifecycleSuite("pglite");
