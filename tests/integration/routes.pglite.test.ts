import { defineRouteSuite } from "./routes.suite";

defineRouteSuite("pglite");
