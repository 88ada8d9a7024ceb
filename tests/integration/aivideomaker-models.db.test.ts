import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { User } from "@/lib/server/db/schema";
import { DEFAULT_SUPPORTED_MODELS } from "@/lib/server/sandbox/aivideomaker/contract";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// AIVideoMaker's model list and prices through Cutroom's own routes, over a real database and the
// sandbox on its own port: the account's supportedModels decides what Generate offers and what a
// create may use; every create carries the price Cutroom was quoted as X-Max-Credits, and a price
// above it fails the task before anything is charged.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;
type Option = { provider: string; id: string; unavailable?: string; price: { min: number; max: number } | null };

const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const NOT_OFFERED = "Your AIVideoMaker account does not offer this model.";

function defineSuite(kind: DbKind) {
  describe(`AIVideoMaker models and prices on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let member: User;
    let cookie: string;
    let database: Awaited<ReturnType<(typeof import("@/lib/server/db"))["db"]>>;
    let modules: {
      getProvider: typeof import("@/lib/server/providers/registry").getProvider;
      forgetAccount: typeof import("@/lib/server/providers/account").forgetAccount;
      reconcileProvider: typeof import("@/lib/server/tasks/reconcile").reconcileProvider;
      schema: typeof import("@/lib/server/db/schema");
    };

    const call = (route: string, method: string, req: Request) => routes[route]![method]!(req, params({}));
    const postTask = (model: string, input: Record<string, unknown>) =>
      call("tasks", "POST", request("POST", "/api/tasks", { cookie, json: { provider: "aivideomaker", model, input } }));
    const postQuote = (model: string, input: Record<string, unknown>) =>
      call("quotes", "POST", request("POST", "/api/quotes", { cookie, json: { provider: "aivideomaker", model, input } }));
    const modelOptions = async (): Promise<Option[]> => {
      const response = await call("models", "GET", request("GET", "/api/models", { cookie }));
      expect(response.status).toBe(200);
      return ((await response.json()).models as Option[]).filter((model) => model.provider === "aivideomaker");
    };
    const sent = (pathname: string) => app.sandbox.requests.filter((item) => new URL(item.url).pathname === pathname);
    const countTasks = async () =>
      ((await database.execute(sql`select count(*)::int as count from tasks`)) as unknown as { rows: { count: number }[] }).rows[0]!.count;
    const balance = async () => {
      const account = await app.sandbox.client().account();
      if (!account.ok) throw new Error(account.errorMessage);
      return account.data.currentBalance!;
    };
    const sandboxTaskByKey = async (idempotencyKey: string) => {
      const list = await app.sandbox.client().listTasks();
      if (!list.ok) throw new Error(list.errorMessage);
      return list.data.tasks.find((task) => task.idempotencyKey === idempotencyKey);
    };
    /** Sets the sandbox's knobs and makes Cutroom read the account afresh (it keeps it a minute). */
    const setFaults = (faults: Parameters<typeof app.sandbox.sandbox.faults.set>[0]) => {
      app.sandbox.sandbox.faults.set(faults);
      modules.forgetAccount(modules.getProvider("aivideomaker"));
    };

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        quotes: await import("@/app/api/quotes/route"),
        models: await import("@/app/api/models/route"),
        uploads: await import("@/app/api/uploads/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      database = await db();
      const { createUser } = await import("@/lib/server/users/service");
      member = await createUser(database, { name: "Milo", email: "milo@example.com", password: "member password 1", role: "member" });
      cookie = await sessionCookie(member);
      modules = {
        getProvider: (await import("@/lib/server/providers/registry")).getProvider,
        forgetAccount: (await import("@/lib/server/providers/account")).forgetAccount,
        reconcileProvider: (await import("@/lib/server/tasks/reconcile")).reconcileProvider,
        schema: await import("@/lib/server/db/schema"),
      };
    });
    afterAll(async () => {
      await app?.stop();
    });
    beforeEach(async () => {
      setFaults({});
      app.sandbox.requests.length = 0;
      // A fresh call budget and no open breaker (the account failures below count towards it).
      await database.delete(modules.schema.providerCalls);
      await database.delete(modules.schema.providerState);
    });

    describe("the account's supportedModels", () => {
      it("offers the models the account lists, at the prices the provider quotes, and shows the rest unavailable with why", async () => {
        const options = await modelOptions();
        expect(Object.fromEntries(options.map((option) => [option.id, option.unavailable ?? option.price]))).toEqual({
          t2v: { min: 15, max: 24 },
          i2v: { min: 15, max: 24 },
          // Not in the account's list, as measured live.
          lv: NOT_OFFERED,
          t2v_v3: { min: 20, max: 80 },
          i2v_v3: { min: 20, max: 80 },
          // 5 s 720p turbo to 20 s 1080p base; 4 s at 480 to 15 s at 720; 5 s 720P to 15 s 1080P; 3 s 720P to 15 s 1080P.
          minimax: { min: 15, max: 100 },
          seedance20: { min: 41, max: 330 },
          wan27: { min: 50, max: 225 },
          happyhorse: { min: 75, max: 750 },
        });
        expect(options.find((option) => option.id === "lv")!.price).toBeNull();
      });

      it("refuses a create or a price check for a model the account does not offer, with the reason and nothing sent", async () => {
        const uploaded = await call("uploads", "POST", request("POST", "/api/uploads", { cookie, body: png }));
        const { upload } = await uploaded.json();
        const before = await countTasks();
        for (const answer of [
          await postTask("lv", { image: { uploadId: upload.id }, segments: ["a train leaves"] }),
          await postQuote("lv", { image: { uploadId: upload.id }, segments: ["a train leaves"] }),
        ]) {
          expect(answer.status).toBe(422);
          expect((await answer.json()).error).toMatchObject({
            code: "VALIDATION_FAILED",
            message: NOT_OFFERED,
            fields: { model: NOT_OFFERED },
            details: { reason: "MODEL_NOT_OFFERED" },
          });
        }
        expect(await countTasks()).toBe(before);
        expect(sent("/api/v1/generate/lv")).toHaveLength(0);
        expect(sent("/api/v1/quote/lv")).toHaveLength(0);
      });

      it("makes a model unavailable once the account stops listing it, and usable again when it lists it", async () => {
        const withoutWan = DEFAULT_SUPPORTED_MODELS.filter((model) => model !== "wan27");
        setFaults({ supportedModels: [...withoutWan, "lv"] });
        const options = await modelOptions();
        expect(options.find((option) => option.id === "wan27")).toMatchObject({ unavailable: NOT_OFFERED, price: null });
        expect(options.find((option) => option.id === "lv")!.unavailable).toBeUndefined();
        const wan = { prompt: "a kite over the dunes", duration: "5", resolution: "720P", ratio: "16:9" };
        const refused = await postTask("wan27", wan);
        expect(refused.status).toBe(422);
        expect((await refused.json()).error.fields).toEqual({ model: NOT_OFFERED });

        setFaults({});
        expect((await modelOptions()).find((option) => option.id === "wan27")!.unavailable).toBeUndefined();
        const created = await postTask("wan27", wan);
        expect(created.status).toBe(201);
        expect((await created.json()).task.state).toBe("queued");
      });

      it("blocks nothing when the account cannot be read, and the provider's own refusal then says why", async () => {
        // The account answers 500 and no longer lists wan27: Cutroom cannot know, so it lets it through.
        setFaults({ errorRate: { account: 1 }, supportedModels: DEFAULT_SUPPORTED_MODELS.filter((model) => model !== "wan27") });
        const options = await modelOptions();
        expect(options.filter((option) => option.unavailable).map((option) => option.id)).toEqual([]);
        const response = await postTask("wan27", { prompt: "a kite", duration: "5", resolution: "720P", ratio: "16:9" });
        expect(response.status).toBe(201);
        const { task } = await response.json();
        expect(task).toMatchObject({
          state: "failed",
          error: {
            code: "INVALID_MODEL",
            message: "Unsupported model: wan27",
            advice: "AIVideoMaker does not offer this model to this account (any more). Choose another model and re-run.",
          },
        });
        // The price check refused the model, so the billable endpoint was never called.
        expect(sent("/api/v1/generate/wan27")).toHaveLength(0);
      });
    });

    describe("the newer models through the create path", () => {
      it("sends minimax an uploaded first frame as a data URI and the prompt as `content`", async () => {
        const uploaded = await call("uploads", "POST", request("POST", "/api/uploads", { cookie, body: png }));
        const { upload } = await uploaded.json();
        const response = await postTask("minimax", {
          prompt: "the sky slowly turns to dusk",
          duration: "6",
          resolution: "720p",
          tier: "turbo",
          aspectRatio: "9:16",
          imageUrl: { uploadId: upload.id },
        });
        expect(response.status).toBe(201);
        const { task } = await response.json();
        expect(task).toMatchObject({ state: "queued", creditsCharged: 18, prompt: "the sky slowly turns to dusk" });
        const { imageUrl, ...body } = await sent("/api/v1/generate/minimax").at(-1)!.json();
        expect(body).toEqual({
          content: "the sky slowly turns to dusk",
          duration: 6,
          resolution: "720p",
          tier: "turbo",
          aspectRatio: "9:16",
        });
        // The upload's stored (cleaned) bytes, as i2v sends them; the sandbox decoded it as an image.
        expect(imageUrl).toMatch(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+=*$/);
      });

      it("refuses frames with references before anything reaches the provider", async () => {
        const before = await countTasks();
        const response = await postTask("minimax", {
          prompt: "p",
          duration: "5",
          resolution: "720p",
          tier: "turbo",
          aspectRatio: "16:9",
          imageUrl: { url: "https://example.com/first.png" },
          referenceImageUrls: [{ url: "https://example.com/ref.png" }],
        });
        expect(response.status).toBe(422);
        expect((await response.json()).error.fields).toEqual({ referenceImageUrls: expect.stringMatching(/not both/) });
        expect(await countTasks()).toBe(before);
        expect(app.sandbox.requests).toHaveLength(0);
      });

      it("sends seedance20 its resolution as a number, and happyhorse reference images as an array", async () => {
        const seedance = await postTask("seedance20", {
          prompt: "espresso, morning light",
          duration: "5",
          resolution: "480",
          ratio: "1:1",
        });
        expect((await seedance.json()).task).toMatchObject({ state: "queued", creditsCharged: 51 });
        expect(await sent("/api/v1/generate/seedance20").at(-1)!.json()).toEqual({
          prompt: "espresso, morning light",
          duration: 5,
          resolution: 480,
          ratio: "1:1",
        });
        const links = [{ url: "https://example.com/a.png" }, { url: "https://example.com/b.png" }];
        const horse = await postTask("happyhorse", {
          prompt: "a bike",
          duration: "5",
          resolution: "1080P",
          ratio: "",
          referenceImages: links,
        });
        expect((await horse.json()).task).toMatchObject({ state: "queued", creditsCharged: 250 });
        expect(await sent("/api/v1/generate/happyhorse").at(-1)!.json()).toEqual({
          prompt: "a bike",
          image: ["https://example.com/a.png", "https://example.com/b.png"],
          duration: 5,
          resolution: "1080P",
        });
      });
    });

    describe("X-Max-Credits", () => {
      const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });

      it("caps every create at the price the provider just quoted, and keeps that quote on the task", async () => {
        const response = await postTask("t2v", clip("a capped fox"));
        const { task } = await response.json();
        expect(task).toMatchObject({ state: "queued", creditsCharged: 15 });
        const quote = sent("/api/v1/quote/t2v");
        const create = sent("/api/v1/generate/t2v");
        expect(quote).toHaveLength(1);
        expect(create).toHaveLength(1);
        expect(create[0]!.headers.get("x-max-credits")).toBe("15");
        const [row] = await database.select().from(modules.schema.tasks).where(eq(modules.schema.tasks.id, task.id));
        expect(row).toMatchObject({ creditsQuoted: 15, creditsCharged: 15 });
      });

      it("fails the task before any charge when the price rose above the cap, and does not send it again", async () => {
        // The price at create is 5 more than the quote a moment before.
        setFaults({ priceRiseAtCreate: 5 });
        const before = await balance();
        const response = await postTask("t2v", clip("the price went up"));
        expect(response.status).toBe(201);
        const { task } = await response.json();
        expect(task).toMatchObject({
          state: "failed",
          creditsCharged: null,
          error: {
            code: "BUDGET_EXCEEDED",
            message:
              "AIVideoMaker refused: the price (20 credits) is above the cap Cutroom set (15). It was 15 credits when Cutroom asked a moment before.",
            advice: expect.stringMatching(/^The price was above what Cutroom agreed to pay/),
          },
        });
        expect(sent("/api/v1/generate/t2v").map((item) => item.headers.get("x-max-credits"))).toEqual(["15"]);
        expect(await balance()).toBe(before);
        expect(await sandboxTaskByKey(`cutroom-${task.id}`)).toBeUndefined();
        // A refusal is final: the reconciler sends nothing again.
        await modules.reconcileProvider(database, modules.getProvider("aivideomaker"), { submitRetryAfterMs: 0 });
        expect(sent("/api/v1/generate/t2v")).toHaveLength(1);
      });

      it("does not send a create whose quote is above the caller's own limit", async () => {
        const result = await modules
          .getProvider("aivideomaker")
          .submit({ model: "t2v", input: clip("over my budget"), images: {} }, { idempotencyKey: "cutroom-budget-0001", maxCredits: 10 });
        expect(result).toMatchObject({
          ok: false,
          errorCode: "BUDGET_EXCEEDED",
          errorMessage: "Not sent: AIVideoMaker's price (15 credits) is above the cap Cutroom set (10).",
        });
        expect(sent("/api/v1/generate/t2v")).toHaveLength(0);
        // Within the limit, the quote is the cap.
        const within = await modules
          .getProvider("aivideomaker")
          .submit({ model: "t2v", input: clip("within my budget"), images: {} }, { idempotencyKey: "cutroom-budget-0002", maxCredits: 40 });
        expect(within).toMatchObject({ ok: true, data: { creditsQuoted: 15, creditsCharged: 15 } });
        expect(sent("/api/v1/generate/t2v").at(-1)!.headers.get("x-max-credits")).toBe("15");
      });

      it("cancels, refunded, a task the provider charged above the cap instead of refusing", async () => {
        // A provider with no pre-charge gate (as one integrator reports the live API is).
        setFaults({ priceRiseAtCreate: 5, ignoreMaxCredits: true });
        const before = await balance();
        const response = await postTask("t2v", clip("charged too much [sandbox:hold]"));
        const { task } = await response.json();
        expect(task).toMatchObject({
          state: "failed",
          error: {
            code: "BUDGET_EXCEEDED",
            message:
              "AIVideoMaker charged 20 credits, above the cap Cutroom set (15), instead of refusing; Cutroom cancelled the task there and the credits were refunded.",
          },
        });
        expect(await sandboxTaskByKey(`cutroom-${task.id}`)).toMatchObject({ status: "CANCEL", creditsCharged: 20, creditsRefunded: 20 });
        expect(await balance()).toBe(before);
      });
    });
  });
}

defineSuite(testDatabaseKind());
