import { defineMemberLimitsSuite } from "./member-limits.suite";

defineMemberLimitsSuite("postgres");
