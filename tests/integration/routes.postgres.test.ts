import { defineRouteSuite } from "./routes.suite";

defineRouteSuite("postgres");
