import { defineTaskListSuite } from "./task-list.suite";

defineTaskListSuite("postgres");
