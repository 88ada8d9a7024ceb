import { defineApidotSuite } from "./apidot.suite";

defineApidotSuite("pglite");
