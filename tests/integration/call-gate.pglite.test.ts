import { defineCallGateSuite } from "./call-gate.suite";

defineCallGateSuite("pglite");
