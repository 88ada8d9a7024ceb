import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db/client";
import type { HostedSandbox, ProviderDescriptor } from "@/lib/server/providers/descriptor";
import { PROVIDERS } from "@/lib/server/providers/registry";
import type { VideoProvider } from "@/lib/server/providers/types";
import { PROVIDER_IDS, inputSchemaFor, type CatalogModel } from "@/lib/shared/catalog";
import { SANDBOX_MEDIA_DIR } from "../support/sandbox";

// The same contract for every provider the registry lists, through its descriptor only: its
// sandbox, served over HTTP, takes a create from its client and runs it to a playable result that
// the sandbox can hand back from its own files; status reads agree; its webhook handling accepts
// what the provider sends and refuses what it does not. A new provider gets all of this by being
// in the list (docs/ADDING-A-PROVIDER.md).

const API_KEY = "contract-test-key";

/** An input for `model` built from its own fields: defaults, the first choice, the smallest number. */
function exampleInput(model: CatalogModel): Record<string, unknown> | null {
  const input: Record<string, unknown> = {};
  for (const field of model.fields) {
    const spec = field as {
      kind: string;
      name: string;
      required?: boolean;
      defaultValue?: unknown;
      options?: readonly { value: unknown }[];
      min?: number;
    };
    if (spec.defaultValue !== undefined) input[spec.name] = spec.defaultValue;
    else if (!spec.required) continue;
    else if (spec.kind === "text") input[spec.name] = "a lighthouse at dawn, contract check";
    else if (spec.kind === "choice") input[spec.name] = spec.options?.[0]?.value;
    else if (spec.kind === "number") input[spec.name] = spec.min ?? 1;
    else if (spec.kind === "switch") input[spec.name] = false;
    else if (spec.kind === "segments") input[spec.name] = ["a lighthouse at dawn", "the sun rises"];
    else return null; // needs an image: not this model
  }
  // As the create route does: the model's schema turns form values into the provider's types.
  const parsed = inputSchemaFor(model).safeParse(input);
  return parsed.success ? (parsed.data as Record<string, unknown>) : null;
}

function exampleOf(descriptor: ProviderDescriptor): { model: CatalogModel; input: Record<string, unknown> } {
  for (const model of descriptor.models) {
    if (model.unavailable) continue;
    const input = exampleInput(model);
    if (input) return { model, input };
  }
  throw new Error(`${descriptor.id} has no model the contract check can fill in without an image`);
}

const openGate = { before: async () => null, after: async () => undefined };

describe("the registry", () => {
  it("lists every provider id the shared catalog knows, once each", () => {
    expect(PROVIDERS.map((descriptor) => descriptor.id).sort()).toEqual([...PROVIDER_IDS].sort());
  });
});

describe.each(PROVIDERS.map((descriptor) => [descriptor.id, descriptor] as const))("provider contract: %s", (_id, descriptor) => {
  let database: DatabaseHandle;
  let sandbox: HostedSandbox;
  let server: ReturnType<typeof serve>;
  let url: string;
  let client: VideoProvider;
  let ticking: NodeJS.Timeout;

  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite" });
    const webhookSecret =
      descriptor.webhook.kind === "signed" ? descriptor.webhook.secrets({ sandbox: true, sandboxApiKey: () => API_KEY })[0] : undefined;
    sandbox = descriptor.sandbox.create({
      db: async () => database.db,
      apiKey: API_KEY,
      taskSeconds: 1,
      initialCredits: 100_000,
      basePath: "",
      mediaDir: SANDBOX_MEDIA_DIR,
      faults: undefined,
      // Nobody listens here: deliveries fail and are retried by the sandbox, which is fine.
      webhook: { url: "http://127.0.0.1:9/webhook", secret: webhookSecret },
    });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: (request) => sandbox.app.fetch(request), port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ticking = setInterval(() => void sandbox.tick().catch(() => undefined), 200);
    client = descriptor.createClient({
      identity: { id: descriptor.id, label: descriptor.label, capabilities: descriptor.capabilities },
      sandbox: true,
      baseUrl: `${url}${descriptor.sandbox.apiPrefix}`,
      apiKey: API_KEY,
      gate: openGate,
      settings: descriptor.settings(),
    });
  });

  afterAll(async () => {
    clearInterval(ticking);
    (server as unknown as import("node:http").Server | undefined)?.closeAllConnections?.();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await database?.close();
  });

  it("answers with the identity and capabilities its descriptor declares", () => {
    expect(client).toMatchObject({ id: descriptor.id, label: descriptor.label, sandbox: true, capabilities: descriptor.capabilities });
    expect(descriptor.settings().queryBudgetPerMinute).toBeGreaterThan(0);
    expect(descriptor.models.length).toBeGreaterThan(0);
    expect(descriptor.models.every((model) => model.provider === descriptor.id)).toBe(true);
  });

  it("creates through its sandbox, reads the task to a result, and the sandbox serves that result from its own files", async () => {
    const { model, input } = exampleOf(descriptor);
    const created = await client.submit({ model: model.id, input, images: {} }, { idempotencyKey: `contract-${Date.now()}` });
    if (!created.ok) throw new Error(`create failed: ${created.errorCode} ${created.errorMessage}`);
    expect(created.data.providerTaskId).toBeTruthy();

    let snapshot;
    for (let waited = 0; ; waited += 200) {
      const read = await client.fetchTask(created.data.providerTaskId);
      if (!read.ok) throw new Error(`status read failed: ${read.errorCode} ${read.errorMessage}`);
      expect(read.data.providerTaskId).toBe(created.data.providerTaskId);
      if (read.data.state === "succeeded" || read.data.state === "failed") {
        snapshot = read.data;
        break;
      }
      if (waited > 30_000) throw new Error(`still ${read.data.providerStatus} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(snapshot.state).toBe("succeeded");
    expect(snapshot.outputUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(client.mapStatus(snapshot.providerStatus)).toBe("succeeded");
    const bytes = await descriptor.sandbox.readMedia(snapshot.outputUrl!, "");
    expect(bytes?.length ?? 0).toBeGreaterThan(1000);
  });

  it("refuses a request with the wrong key", async () => {
    const stranger = descriptor.createClient({
      identity: { id: descriptor.id, label: descriptor.label, capabilities: descriptor.capabilities },
      sandbox: true,
      baseUrl: `${url}${descriptor.sandbox.apiPrefix}`,
      apiKey: "not-the-key",
      gate: openGate,
      settings: descriptor.settings(),
    });
    expect(await stranger.fetchTask("no-such-task")).toMatchObject({ ok: false, errorCode: "AUTH_FAILED" });
  });

  it("reads the deliveries its provider sends, and refuses what it does not", () => {
    const { webhook } = descriptor;
    if (webhook.kind === "token") {
      expect(webhook.parse({ task_id: "p-1", status: "DONE" })).toEqual({ providerTaskId: "p-1", status: "DONE" });
      expect(webhook.parse({ data: { task_id: "p-2", status: "DONE" } })).toEqual({ providerTaskId: "p-2", status: "DONE" });
      expect(webhook.parse("not an object")).toBeNull();
      return;
    }
    const secrets = webhook.secrets({ sandbox: true, sandboxApiKey: () => API_KEY });
    expect(secrets.length).toBeGreaterThan(0);
    expect(webhook.secrets({ sandbox: false, sandboxApiKey: () => API_KEY })).toEqual([]);
    const payload = JSON.stringify({ type: "task.completed", data: { prediction: { id: "p-3", state: "completed" } } });
    const id = "msg_contract";
    const timestamp = new Date();
    const signature = new Webhook(secrets[0]!).sign(id, timestamp, payload);
    const headers = new Headers({
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "webhook-signature": signature,
    });
    expect(webhook.verify(payload, headers, secrets)).toEqual({ ok: true, messageId: id });
    expect(webhook.verify(payload.replace("p-3", "p-4"), headers, secrets)).toEqual({ ok: false, reason: "The signature does not match." });
    expect(webhook.verify(payload, new Headers(), secrets)).toMatchObject({ ok: false, reason: expect.stringMatching(/missing/) });
    expect(webhook.parse(JSON.parse(payload))).toEqual({ providerTaskId: "p-3", status: "completed" });
  });
});
