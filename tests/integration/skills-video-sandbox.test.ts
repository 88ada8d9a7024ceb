import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_FAIL_MARKER } from "@/lib/server/sandbox/markers";
import { waitFor } from "../support/sandbox";
import { SKILLS_VIDEO_TEST_KEY, startSkillsVideoSandbox, type SkillsVideoSandboxFixture } from "../support/skills-video-sandbox";

// The skills.video sandbox over real HTTP, where the client tests do not look: bodies its database
// could not store, and a generation that fails is refunded (README: "charges on create and refunds
// failures"), as its usage of 0 says.

describe("skills.video sandbox", () => {
  let server: SkillsVideoSandboxFixture;

  beforeAll(async () => {
    server = await startSkillsVideoSandbox({ taskSeconds: 0.5, initialCredits: 1000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${pathname}`, {
      method,
      headers: { authorization: `Bearer ${SKILLS_VIDEO_TEST_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  it("refuses a body with a NUL character with a 400, before anything is charged or written", async () => {
    const refused = await call("POST", "/generation/kling-ai/kling-v2.6", { prompt: "nul \u0000 here", duration: 5 });
    expect(refused).toEqual({
      status: 400,
      json: {
        error: "INVALID_INPUT",
        code: "VIDEO_GENERATION_INVALID_INPUT",
        message: "The request body must not contain NUL characters.",
      },
    });
    expect(await server.sandbox.balance()).toBe(1000);
  });

  it("fails a marked generation with its reason and refunds its credits", async () => {
    const created = await call("POST", "/generation/kling-ai/kling-v2.6", { prompt: `boom ${SANDBOX_FAIL_MARKER}`, duration: 5 });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ status: "IN_QUEUE", usage: { total: 40 } });
    expect(await server.sandbox.balance()).toBe(1000 - 40);
    const failed = await waitFor(async () => {
      const polled = await call("GET", `/generation/${created.json.id as string}`);
      return polled.json.status === "FAILED" ? polled.json : null;
    });
    expect(failed).toMatchObject({
      code: "VIDEO_GENERATION_FAILED",
      message: expect.stringContaining(SANDBOX_FAIL_MARKER),
      data: null,
      usage: { total: 0 },
    });
    expect((await call("GET", "/credits")).json).toEqual({ credits: 1000 });
  });

  it("breaks the stream after exactly the bytes streamBreakAfterBytes allows, while the generation goes on", async () => {
    const open = async () => {
      const response = await fetch(`${server.url}/api/v1/generation/sse/kling-ai/kling-v2.6`, {
        method: "POST",
        headers: { authorization: `Bearer ${SKILLS_VIDEO_TEST_KEY}`, "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ prompt: "cut short", duration: 5 }),
      });
      return { response, text: await response.text() };
    };
    try {
      server.sandbox.faults.set({ streamBreakAfterBytes: 0 });
      const none = await open();
      // The headers of a stream that opened, then nothing at all.
      expect(none.response.status).toBe(200);
      expect(none.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(none.text).toBe("");

      server.sandbox.faults.set({ streamBreakAfterBytes: 30 });
      const cut = await open();
      expect(cut.text).toMatch(/^data: \{"id":"gen_[A-Za-z0-9_-]{12}"$/);
      const id = /"(gen_[^"]+)"/.exec(cut.text)![1]!;
      // Made, charged and running to its end all the same.
      const done = await waitFor(async () => {
        const polled = await call("GET", `/generation/${id}`);
        return polled.json.status === "COMPLETED" ? polled.json : null;
      });
      expect(done).toMatchObject({ id, usage: { total: 40 } });
    } finally {
      server.sandbox.faults.set({});
    }
  });
});
