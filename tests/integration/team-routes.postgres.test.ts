import { defineTeamRouteSuite } from "./team-routes.suite";

defineTeamRouteSuite("postgres");
