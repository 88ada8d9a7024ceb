import { describe, expect, it } from "vitest";
import { dataOfUnfinishedEvent, idFromHeaders, idFromPartialJson } from "./early-id";

// The generation id from what a create's answer gave before it stopped: the documented first event
// (docs/provider-contracts.md §2.5) cut at every byte, and headers that may name it.

const FIRST_EVENT = 'data: {"id":"gen_abc123","status":"IN_QUEUE","data":null,"usage":{"total":0,"subscription":0,"permanent":0}}\n\n';

describe("skills.video early id", () => {
  it("finds the id in the first event cut anywhere after its closing quote, and never before", () => {
    const idEnds = FIRST_EVENT.indexOf("gen_abc123") + "gen_abc123".length + 1;
    for (let cut = 0; cut <= FIRST_EVENT.length - 2; cut++) {
      const found = idFromPartialJson(dataOfUnfinishedEvent(FIRST_EVENT.slice(0, cut)));
      expect([cut, found]).toEqual([cut, cut >= idEnds ? "gen_abc123" : null]);
    }
  });

  it("reads the id under any name the vendor's helper accepts, after other members, and only at the top", () => {
    expect(idFromPartialJson('{"status":"IN_QUEUE","generation_id":"gen_1","usa')).toBe("gen_1");
    expect(idFromPartialJson('{"usage":{"total":0,"id":"inner"},"taskId":"gen_2"')).toBe("gen_2");
    // A nested id is not the generation's; a member cut short stops the scan.
    expect(idFromPartialJson('{"usage":{"id":"inner"')).toBeNull();
    expect(idFromPartialJson('{"total":12')).toBeNull();
    expect(idFromPartialJson('{"total":12,"id":"gen_3"')).toBe("gen_3");
    // Escapes and odd values are read as JSON would; an id of the wrong shape is not one.
    expect(idFromPartialJson('{"note":"a \\"quoted\\" word","id":"gen_4"')).toBe("gen_4");
    expect(idFromPartialJson('{"id":"has space","predictionId":"gen_5"')).toBe("gen_5");
    expect(idFromPartialJson('["gen_6"')).toBeNull();
    expect(idFromPartialJson("")).toBeNull();
  });

  it("joins the data lines of an unfinished event in any line-ending style", () => {
    expect(dataOfUnfinishedEvent('event: update\r\ndata: {"id":\r\ndata: "gen_7"')).toBe('{"id":\n"gen_7"');
    expect(idFromPartialJson(dataOfUnfinishedEvent('data:{"id":"gen_8",'))).toBe("gen_8");
    expect(dataOfUnfinishedEvent(": keep-alive\n")).toBe("");
  });

  it("takes a Location naming the generation, and nothing else from headers", () => {
    expect(idFromHeaders(new Headers({ location: "/api/v1/generation/gen_9" }))).toBe("gen_9");
    expect(idFromHeaders(new Headers({ "content-location": "https://open.skills.video/api/v1/generation/gen_10/" }))).toBe("gen_10");
    expect(idFromHeaders(new Headers({ location: "/api/v1/generation/sse" }))).toBeNull();
    expect(idFromHeaders(new Headers({ location: "/api/v1/generation/sse/kling-ai/kling-v2.6" }))).toBeNull();
    expect(idFromHeaders(new Headers({ "x-request-id": "req_1" }))).toBeNull();
  });
});
