import { defineMemberLimitsSuite } from "./member-limits.suite";

defineMemberLimitsSuite("pglite");
