import { defineApidotSuite } from "./apidot.suite";

defineApidotSuite("postgres");
