import { defineSignInThrottleSuite } from "./sign-in-throttle.suite";

defineSignInThrottleSuite("postgres");
