import { defineSkillsVideoSuite } from "./skills-video.suite";

defineSkillsVideoSuite("postgres");
