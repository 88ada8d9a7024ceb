import { describe, expect, it } from "vitest";
import { serializeError } from "./logger";

describe("error serialisation for logs", () => {
  it("drops a database error's parameters, which may hold prompts", () => {
    const error = new Error('Failed query: insert into "tasks" ("prompt_text") values ($1)\nparams: my secret prompt');
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain("Failed query");
    expect(logged).not.toContain("my secret prompt");
  });

  it("keeps the code of a wrapped driver error", () => {
    const error = new Error("Failed query", { cause: Object.assign(new Error("duplicate key"), { code: "23505" }) });
    expect(serializeError(error)).toMatchObject({ code: "23505", cause: "duplicate key" });
  });
});
