import { defineTaskListSuite } from "./task-list.suite";

defineTaskListSuite("pglite");
