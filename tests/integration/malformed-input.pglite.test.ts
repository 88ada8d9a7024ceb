import { defineMalformedInputSuite } from "./malformed-input.suite";

defineMalformedInputSuite("pglite");
