import { defineProviderOutputSuite } from "./provider-output.suite";

defineProviderOutputSuite("postgres");
