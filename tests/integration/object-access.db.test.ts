import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { finishTasks } from "../support/finish-tasks";

// The object-level access matrix: every route and method that takes an id in its path, called by
// the object's owner, a teammate, an admin and someone without a session, with what each must get.
// Checked in the handlers themselves (these tests call them directly, with no middleware in front).
// A refusal is 401, 403 or 404 and carries none of the object's data: not its prompt, not its
// owner's email, not a byte of its file; and a refused write changes nothing. The team shares on
// purpose what the gallery and task list show (a task, its video, poster and input image), read
// only. The route files are listed from app/api, so a new route that takes an id fails this suite
// until its row is added.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Actor = "owner" | "teammate" | "admin" | "anonymous";
/** serve: answered with the data; refuse: 401/403/404 with none of it. */
type Verdict = "serve" | "refuse";
type Fixture = {
  finishedTask: string;
  queuedTask: () => Promise<string>;
  /** A finished task whose output Cutroom could not keep (gone at the provider). */
  outputGoneTask: () => Promise<string>;
  usedUpload: string;
  privateUpload: string;
  teammateUpload: string;
  ownerUser: string;
  spareUser: string;
  /** A member made for the row, for writes that use them up (deleting one). */
  freshUser: () => Promise<string>;
  /** A pending invitation link, made by the admin. */
  pendingInvite: () => Promise<string>;
  /** A preset of the owner's, made for the row: shared with the team or private. */
  ownerPreset: (shared: boolean) => Promise<string>;
  /** A finished task of the owner's, deleted (its files kept): one per `key`, made once (finishing tasks spends provider calls). */
  deletedTask: (key: string) => Promise<string>;
  /** A project the owner started, made for the row. */
  ownerProject: () => Promise<string>;
  /** A share link of the owner's to their finished task, made for the row: its id and token. */
  ownerShare: (options: { revoked?: boolean; allowReview?: boolean }) => Promise<{ id: string; token: string }>;
  /** A comment of the owner's on their finished task (mentioning nobody), made for the row. */
  ownerComment: () => Promise<string>;
};
type Call = {
  path: string;
  params: Record<string, string | string[]>;
  init?: { json?: unknown; body?: BodyInit; headers?: Record<string, string> };
};
type Row = {
  /** What is asked for, in words, for the test name. */
  object: string;
  route: string;
  method: string;
  /** Builds the request; for writes, against a fresh object so each actor finds it as it was. */
  call: (fixture: Fixture, actor: Actor) => Promise<Call> | Call;
  expect: Partial<Record<Actor, Verdict>>;
  /** A refusal without a session: 401, except for links that need none (a share link's 404). */
  anonymousRefusal?: number;
  /** The admin's refusal status when the admin can see the object but not change it (else 404). */
  adminRefusal?: number;
  /** When the route has no session at all: requests whose credential belongs to another object. */
  foreign?: (fixture: Fixture) => Promise<Call[]>;
};

const SECRET_PROMPT = "matrix-secret-prompt-7c1f";
const OWNER_EMAIL = "owner.matrix@example.com";
const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const API_DIR = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

const ROWS: Row[] = [
  {
    object: "a teammate's task (shared: the task list and gallery open it)",
    route: "tasks/[id]",
    method: "GET",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "cancelling a teammate's queued task",
    route: "tasks/[id]/cancel",
    method: "POST",
    call: async (f) => {
      const id = await f.queuedTask();
      return { path: `/api/tasks/${id}/cancel`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "re-checking the output of a teammate's finished task",
    route: "tasks/[id]/recheck-output",
    method: "POST",
    call: async (f) => {
      const id = await f.outputGoneTask();
      return { path: `/api/tasks/${id}/recheck-output`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "deleting a teammate's finished output (its owner and admins)",
    route: "tasks/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.outputGoneTask();
      return { path: `/api/tasks/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a teammate's deleted output, asked for by its id (gone for everyone, its owner too)",
    route: "tasks/[id]",
    method: "GET",
    call: async (f) => {
      const id = await f.deletedTask("read");
      return { path: `/api/tasks/${id}`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "the video of a deleted output (gone for everyone)",
    route: "media/[id]",
    method: "GET",
    call: async (f) => {
      const id = await f.deletedTask("read");
      return { path: `/api/media/${id}`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "restoring a teammate's deleted output (admins)",
    route: "admin/tasks/[id]/restore",
    method: "POST",
    call: async (f) => {
      // One task for every actor: only the admin's restore changes it, and nobody after them needs it deleted.
      const id = await f.deletedTask("restore");
      return { path: `/api/admin/tasks/${id}/restore`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a teammate's result as my next input (shared, as a re-run is; the copy is mine)",
    route: "tasks/[id]/as-input",
    method: "POST",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/as-input`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a teammate's output as one of my favourites (mine, private to me)",
    route: "tasks/[id]/favourite",
    method: "PUT",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/favourite`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "clearing my favourite mark on a teammate's output",
    route: "tasks/[id]/favourite",
    method: "DELETE",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/favourite`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "the tags on a teammate's output (its owner and admins change them)",
    route: "tasks/[id]/tags",
    method: "PUT",
    call: (f, actor) => ({
      path: `/api/tasks/${f.finishedTask}/tags`,
      params: { id: f.finishedTask },
      init: { json: { tags: [`by ${actor}`] } },
    }),
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "the star rating of a teammate's output (its owner and admins set it)",
    route: "tasks/[id]/rating",
    method: "PUT",
    call: (f, actor) => ({
      path: `/api/tasks/${f.finishedTask}/rating`,
      params: { id: f.finishedTask },
      init: { json: { rating: actor === "admin" ? 4 : 2 } },
    }),
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "the review of a teammate's output (any teammate reviews; the team's, like the gallery)",
    route: "tasks/[id]/review",
    method: "PUT",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/review`, params: { id: f.finishedTask }, init: { json: { state: "approved" } } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "reviewing a teammate's deleted output (gone for everyone)",
    route: "tasks/[id]/review",
    method: "PUT",
    call: async (f) => {
      const id = await f.deletedTask("read");
      return { path: `/api/tasks/${id}/review`, params: { id }, init: { json: { state: "approved" } } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "the comments on a teammate's task (the team's discussion)",
    route: "tasks/[id]/comments",
    method: "GET",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/comments`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "commenting on a teammate's task (any teammate)",
    route: "tasks/[id]/comments",
    method: "POST",
    call: (f) => ({
      path: `/api/tasks/${f.finishedTask}/comments`,
      params: { id: f.finishedTask },
      init: { json: { body: "Looks good" } },
    }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "the comments on a teammate's deleted task (gone with it)",
    route: "tasks/[id]/comments",
    method: "GET",
    call: async (f) => {
      const id = await f.deletedTask("read");
      return { path: `/api/tasks/${id}/comments`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "editing a teammate's comment (its author only, admins included)",
    route: "comments/[id]",
    method: "PATCH",
    call: async (f) => {
      const id = await f.ownerComment();
      return { path: `/api/comments/${id}`, params: { id }, init: { json: { body: "Rewritten" } } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    adminRefusal: 403,
  },
  {
    object: "deleting a teammate's comment (its author only, admins included)",
    route: "comments/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.ownerComment();
      return { path: `/api/comments/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    adminRefusal: 403,
  },
  {
    object: "an output through a live share link (no account needed: the link is the key)",
    route: "share/[token]/media/[taskId]",
    method: "GET",
    call: async (f) => {
      const { token } = await f.ownerShare({});
      return { path: `/api/share/${token}/media/${f.finishedTask}`, params: { token, taskId: f.finishedTask } };
    },
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "serve" },
  },
  {
    object: "an output through a revoked share link (404 for everyone, with nothing in it)",
    route: "share/[token]/media/[taskId]",
    method: "GET",
    call: async (f) => {
      const { token } = await f.ownerShare({ revoked: true });
      return { path: `/api/share/${token}/media/${f.finishedTask}`, params: { token, taskId: f.finishedTask } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    anonymousRefusal: 404,
  },
  {
    object: "a poster through a live share link",
    route: "share/[token]/media/[taskId]/poster",
    method: "GET",
    call: async (f) => {
      const { token } = await f.ownerShare({});
      return { path: `/api/share/${token}/media/${f.finishedTask}/poster`, params: { token, taskId: f.finishedTask } };
    },
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "serve" },
  },
  {
    object: "a poster through a revoked share link",
    route: "share/[token]/media/[taskId]/poster",
    method: "GET",
    call: async (f) => {
      const { token } = await f.ownerShare({ revoked: true });
      return { path: `/api/share/${token}/media/${f.finishedTask}/poster`, params: { token, taskId: f.finishedTask } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    anonymousRefusal: 404,
  },
  {
    object: "an outside review through a share link that takes them",
    route: "share/[token]/review",
    method: "POST",
    call: async (f) => {
      const { token } = await f.ownerShare({ allowReview: true });
      return {
        path: `/api/share/${token}/review`,
        params: { token },
        init: { json: { taskId: f.finishedTask, state: "approved", name: "Client" } },
      };
    },
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "serve" },
  },
  {
    object: "an outside review through a share link that does not take them",
    route: "share/[token]/review",
    method: "POST",
    call: async (f) => {
      const { token } = await f.ownerShare({});
      return {
        path: `/api/share/${token}/review`,
        params: { token },
        init: { json: { taskId: f.finishedTask, state: "approved", name: "Client" } },
      };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    anonymousRefusal: 403,
    adminRefusal: 403,
  },
  {
    object: "revoking a teammate's share link (whoever made it, and admins)",
    route: "shares/[id]",
    method: "DELETE",
    call: async (f) => {
      const { id } = await f.ownerShare({});
      return { path: `/api/shares/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "the image a teammate's task was made from (shared with the task)",
    route: "tasks/[id]/image",
    method: "GET",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/image`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a private upload asked for through a task it is not part of",
    route: "tasks/[id]/image",
    method: "GET",
    call: (f) => ({ path: `/api/tasks/${f.finishedTask}/image?upload=${f.privateUpload}`, params: { id: f.finishedTask } }),
    expect: { owner: "refuse", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "a teammate's finished video (shared: the gallery plays it)",
    route: "media/[id]",
    method: "GET",
    call: (f) => ({ path: `/api/media/${f.finishedTask}?download=1`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a teammate's poster (shared: the gallery shows it)",
    route: "media/[id]/poster",
    method: "GET",
    call: (f) => ({ path: `/api/media/${f.finishedTask}/poster`, params: { id: f.finishedTask } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a private upload no task has used",
    route: "uploads/[id]",
    method: "GET",
    call: (f) => ({ path: `/api/uploads/${f.privateUpload}`, params: { id: f.privateUpload } }),
    expect: { owner: "serve", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "an upload a team task used (shared with the task)",
    route: "uploads/[id]",
    method: "GET",
    call: (f) => ({ path: `/api/uploads/${f.usedUpload}`, params: { id: f.usedUpload } }),
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    // No session here: the signed link is the permission, so the foreign case is a link signed for
    // another upload, pointed at this one.
    object: "an upload through its signed provider link",
    route: "uploads/[id]/link",
    method: "GET",
    call: async (f) => ({ path: await signedPath(f.privateUpload, f.privateUpload), params: { id: f.privateUpload } }),
    foreign: async (f) => [{ path: await signedPath(f.teammateUpload, f.privateUpload), params: { id: f.privateUpload } }],
    expect: { anonymous: "serve" },
  },
  {
    object: "asking the provider about a teammate's task again (admins)",
    route: "admin/tasks/[id]/recheck",
    method: "POST",
    call: async (f) => {
      const id = await f.queuedTask();
      return { path: `/api/admin/tasks/${id}/recheck`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "changing a teammate's account (admins; not even one's own role)",
    route: "admin/users/[id]",
    method: "PATCH",
    // Members try it on the owner (the owner on themself); the admin on a spare account, so the
    // owner stays a member for the rows that follow.
    call: (f, actor) => {
      const id = actor === "admin" ? f.spareUser : f.ownerUser;
      return { path: `/api/admin/users/${id}`, params: { id }, init: { json: { role: "admin" } } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "deleting a teammate (admins; never one's own account)",
    route: "admin/users/[id]",
    method: "DELETE",
    // Members try it on the owner (the owner on themself); the admin on an account made for it.
    call: async (f, actor) => {
      const id = actor === "admin" ? await f.freshUser() : f.ownerUser;
      return { path: `/api/admin/users/${id}`, params: { id }, init: { json: { reassignTo: null } } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "withdrawing a pending invitation (admins)",
    route: "admin/invites/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.pendingInvite();
      return { path: `/api/admin/invites/${id}`, params: { id } };
    },
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "changing a teammate's shared preset (only its owner)",
    route: "presets/[id]",
    method: "PATCH",
    call: async (f) => {
      const id = await f.ownerPreset(true);
      return { path: `/api/presets/${id}`, params: { id }, init: { json: { name: `Renamed ${randomUUID()}` } } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
    // A shared preset is in everyone's menu: an admin is told it is not theirs to change.
    adminRefusal: 403,
  },
  {
    object: "deleting a teammate's private preset (its owner only: to others it does not exist)",
    route: "presets/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.ownerPreset(false);
      return { path: `/api/presets/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "refuse", anonymous: "refuse" },
  },
  {
    object: "deleting a teammate's shared preset (its owner, and admins)",
    route: "presets/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.ownerPreset(true);
      return { path: `/api/presets/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a teammate's project (every member sees every project)",
    route: "projects/[id]",
    method: "GET",
    call: async (f) => {
      const id = await f.ownerProject();
      return { path: `/api/projects/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "serve", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "renaming a teammate's project (whoever started it, and admins)",
    route: "projects/[id]",
    method: "PATCH",
    call: async (f) => {
      const id = await f.ownerProject();
      return { path: `/api/projects/${id}`, params: { id }, init: { json: { name: `Renamed ${randomUUID()}` } } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "deleting a teammate's project (whoever started it, and admins)",
    route: "projects/[id]",
    method: "DELETE",
    call: async (f) => {
      const id = await f.ownerProject();
      return { path: `/api/projects/${id}`, params: { id } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "moving a teammate's task into a project (its owner and admins)",
    route: "tasks/[id]/project",
    method: "PUT",
    call: async (f) => {
      const projectId = await f.ownerProject();
      return { path: `/api/tasks/${f.finishedTask}/project`, params: { id: f.finishedTask }, init: { json: { projectId } } };
    },
    expect: { owner: "serve", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    object: "a provider's spend limits (admins only; members see what is left on Generate)",
    route: "admin/budgets/[provider]",
    method: "PUT",
    call: () => ({
      path: "/api/admin/budgets/apidot",
      params: { provider: "apidot" },
      init: {
        json: {
          team: { teamMonthly: null, memberDaily: null, memberMonthly: null, defaultHold: null, approvalAbove: null },
          overrides: [],
        },
      },
    }),
    expect: { owner: "refuse", teammate: "refuse", admin: "serve", anonymous: "refuse" },
  },
  {
    // No session here either: the per-task token is the permission; the foreign case carries
    // another task's token.
    object: "a provider's webhook delivery for a task",
    route: "webhook/[provider]/[[...taskId]]",
    method: "POST",
    call: async (f) => webhookCall(await f.queuedTask()),
    // Another task's token; and the right token under another provider's receiver.
    foreign: async (f) => [
      await webhookCall(await f.queuedTask(), await f.queuedTask()),
      await webhookCall(await f.queuedTask(), undefined, "apidot"),
    ],
    expect: { anonymous: "serve" },
  },
];

async function signedPath(signedFor: string, asked: string): Promise<string> {
  const { signedUploadUrl } = await import("@/lib/server/uploads/links");
  const url = new URL(signedUploadUrl("http://cutroom.test", signedFor));
  return `/api/uploads/${asked}/link${url.search}`;
}

async function webhookCall(taskId: string, tokenOf = taskId, provider = "aivideomaker"): Promise<Call> {
  const { webhookToken } = await import("@/lib/server/webhooks/token");
  const { findTask } = await import("@/lib/server/db/queries/tasks");
  const { db } = await import("@/lib/server/db");
  const task = (await findTask(await db(), taskId))!;
  return {
    path: `/api/webhook/${provider}/${taskId}?token=${encodeURIComponent(webhookToken(tokenOf))}`,
    params: { provider, taskId: [taskId] },
    init: {
      body: JSON.stringify({ taskId: task.providerTaskId, status: "PROGRESS" }),
      headers: { "content-type": "application/json", origin: "https://aivideomaker.ai" },
    },
  };
}

/** Every route file under app/api whose path takes an id, with the methods it exports. */
async function idRoutes(): Promise<{ route: string; methods: string[] }[]> {
  const found: { route: string; methods: string[] }[] = [];
  for (const file of fs.readdirSync(API_DIR, { recursive: true }) as string[]) {
    if (path.basename(file) !== "route.ts") continue;
    const route = path.dirname(file).split(path.sep).join("/");
    // The sandboxes (their own key) and next-auth (sign-in) have no object to own.
    if (route.startsWith("sandbox/") || route.startsWith("auth/")) continue;
    if (!/\[[^\]]+\]/.test(route)) continue;
    const handlers = (await import(/* @vite-ignore */ path.join(API_DIR, file))) as Record<string, unknown>;
    found.push({ route, methods: METHODS.filter((method) => typeof handlers[method] === "function") });
  }
  return found;
}

function defineObjectAccessSuite(kind: DbKind) {
  describe(`object-level access on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let users: Record<"owner" | "teammate" | "admin", User>;
    let cookies: Record<Actor, string | undefined>;
    let fixture: Fixture;
    let fileBytes: { video: Buffer; poster: Buffer; used: Buffer; private: Buffer };
    const handlers = new Map<string, Handler>();

    const handler = async (route: string, method: string) => {
      const key = `${route}#${method}`;
      if (!handlers.has(key)) {
        const routeModule = (await import(/* @vite-ignore */ path.join(API_DIR, route, "route.ts"))) as Record<string, Handler>;
        handlers.set(key, routeModule[method]!);
      }
      return handlers.get(key)!;
    };
    const send = async (route: string, method: string, call: Call, cookie?: string) =>
      (await handler(route, method))(request(method, call.path, { cookie, ...call.init }), params(call.params));

    /** Everything a refused write could have touched. */
    const state = async () =>
      (
        (await database.execute(
          sql`select (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from tasks t) as tasks, (select md5(coalesce(string_agg(u::text, ',' order by u.id), '')) from users u) as users, (select md5(coalesce(string_agg(f::text, ',' order by f.id), '')) from uploads f) as uploads, (select count(*)::int from task_events) as events, (select count(*)::int from webhook_deliveries) as deliveries, (select md5(coalesce(string_agg(i::text, ',' order by i.id), '')) from user_invites i) as invites, (select md5(coalesce(string_agg(p::text, ',' order by p.id), '')) from presets p) as presets, (select count(*)::int from task_favourites) as favourites, (select md5(coalesce(string_agg(g.task_id || g.tag, ',' order by g.task_id, g.tag), '')) from task_tags g) as tags, (select md5(coalesce(string_agg(j::text, ',' order by j.id), '')) from projects j) as projects`,
        )) as unknown as { rows: unknown[] }
      ).rows[0];

    // Set-up helpers (used by beforeAll too): they throw with the answer rather than assert.
    async function created(response: Response, what: string): Promise<Record<string, { id: string }>> {
      if (response.status !== 201) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
      return response.json();
    }
    async function postTask(cookie: string, model: string, input: Record<string, unknown>): Promise<string> {
      const route = await handler("tasks", "POST");
      const response = await route(
        request("POST", "/api/tasks", { cookie, json: { provider: "aivideomaker", model, input, force: true } }),
        params({}),
      );
      return (await created(response, "POST /api/tasks")).task!.id;
    }
    async function upload(cookie: string): Promise<string> {
      const route = await handler("uploads", "POST");
      const response = await route(request("POST", "/api/uploads", { cookie, body: png }), params({}));
      return (await created(response, "POST /api/uploads")).upload!.id;
    }
    async function fileOf(id: string): Promise<Buffer> {
      const { findUpload } = await import("@/lib/server/uploads/service");
      const { absolutePath } = await import("@/lib/server/storage/files");
      return fs.readFileSync(absolutePath((await findUpload(database, id))!.storagePath));
    }

    beforeAll(async () => {
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();
      await (await import("@/lib/server/jobs/engine")).jobEngine();
      users = {
        owner: await createUser(database, { name: "Owen", email: OWNER_EMAIL, password: "owner password 1", role: "member" }),
        teammate: await createUser(database, { name: "Tess", email: "tess@example.com", password: "teammate password", role: "member" }),
        admin: await createUser(database, { name: "Ada", email: "ada.matrix@example.com", password: "admin password 1", role: "admin" }),
      };
      cookies = {
        owner: await sessionCookie(users.owner),
        teammate: await sessionCookie(users.teammate),
        admin: await sessionCookie(users.admin),
        anonymous: undefined,
      };

      const usedUpload = await upload(cookies.owner!);
      const finishedTask = await postTask(cookies.owner!, "i2v", { image: { uploadId: usedUpload }, prompt: SECRET_PROMPT, duration: "5" });
      await finishTasks(database, [finishedTask]);
      const { findTask } = await import("@/lib/server/db/queries/tasks");
      const finished = (await findTask(database, finishedTask))!;
      if (!finished.mediaPath || !finished.posterPath) throw new Error(`the fixture's task ended ${finished.state}, without its files`);
      const { absolutePath } = await import("@/lib/server/storage/files");
      const deleted = new Map<string, Promise<string>>();

      fixture = {
        finishedTask,
        queuedTask: () =>
          postTask(cookies.owner!, "t2v", { prompt: `${SECRET_PROMPT} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" }),
        outputGoneTask: async () => {
          const id = await postTask(cookies.owner!, "t2v", { prompt: SECRET_PROMPT, aspectRatio: "16:9", duration: "5" });
          await finishTasks(database, [id]);
          const { updateTask } = await import("@/lib/server/db/queries/tasks");
          await updateTask(database, id, {
            mediaPath: null,
            posterPath: null,
            errorCode: "OUTPUT_GONE",
            errorMessage: "The provider no longer has the output.",
          });
          return id;
        },
        deletedTask: (key) => {
          const made = deleted.get(key);
          if (made) return made;
          const making = (async () => {
            const id = await postTask(cookies.owner!, "t2v", { prompt: SECRET_PROMPT, aspectRatio: "16:9", duration: "5" });
            await finishTasks(database, [id]);
            const { updateTask } = await import("@/lib/server/db/queries/tasks");
            await updateTask(database, id, { deletedAt: new Date() });
            return id;
          })();
          deleted.set(key, making);
          return making;
        },
        usedUpload,
        privateUpload: await upload(cookies.owner!),
        teammateUpload: await upload(cookies.teammate!),
        ownerUser: users.owner.id,
        spareUser: (await createUser(database, { name: "Sam", email: "sam@example.com", password: "spare password 1", role: "member" })).id,
        freshUser: async () =>
          (
            await createUser(database, {
              name: "Fay",
              email: `fay.${randomUUID()}@example.com`,
              password: "fresh password 1",
              role: "member",
            })
          ).id,
        pendingInvite: async () => {
          const { createInvite } = await import("@/lib/server/users/invites");
          return (await createInvite(database, users.admin, { email: `invitee.${randomUUID()}@example.com`, role: "member" })).invite.id;
        },
        ownerPreset: () => Promise.reject(new Error("set below")),
        ownerProject: () => Promise.reject(new Error("set below")),
        ownerShare: async ({ revoked = false, allowReview = false }) => {
          const { createShare, revokeShare } = await import("@/lib/server/shares/service");
          const { share, token } = await createShare(database, users.owner, {
            taskId: finishedTask,
            title: "Matrix share",
            expiresInHours: 24,
            showPrompt: false,
            allowReview,
          });
          if (revoked) await revokeShare(database, users.owner, share.id);
          return { id: share.id, token };
        },
        ownerComment: async () => {
          const { addComment } = await import("@/lib/server/comments/service");
          const owner = { ...users.owner, sessionId: "matrix" } as unknown as Parameters<typeof addComment>[1];
          return (await addComment(database, owner, finishedTask, SECRET_PROMPT)).id;
        },
      };
      fixture.ownerProject = async () => {
        const route = await handler("projects", "POST");
        const response = await route(
          request("POST", "/api/projects", {
            cookie: cookies.owner,
            json: { name: `Project ${randomUUID()}`, description: SECRET_PROMPT },
          }),
          params({}),
        );
        return (await created(response, "POST /api/projects")).project!.id;
      };
      fixture.ownerPreset = async (shared) => {
        const route = await handler("presets", "POST");
        const response = await route(
          request("POST", "/api/presets", {
            cookie: cookies.owner,
            json: { name: `Preset ${randomUUID()}`, shared, provider: "aivideomaker", model: "t2v", settings: {}, prompt: SECRET_PROMPT },
          }),
          params({}),
        );
        return (await created(response, "POST /api/presets")).preset!.id;
      };
      fileBytes = {
        video: fs.readFileSync(absolutePath(finished.mediaPath!)),
        poster: fs.readFileSync(absolutePath(finished.posterPath!)),
        used: await fileOf(usedUpload),
        private: await fileOf(fixture.privateUpload),
      };
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("has a row for every route and method that takes an id, and no row for one that does not exist", async () => {
      const routes = await idRoutes();
      expect(routes.length).toBeGreaterThanOrEqual(10);
      const wanted = routes.flatMap(({ route, methods }) => methods.map((method) => `${method} ${route}`)).sort();
      const covered = [...new Set(ROWS.map((row) => `${row.method} ${row.route}`))].sort();
      expect(covered).toEqual(wanted);
    });

    /** A refusal: the right status, an error body, and none of the object's data in it. */
    async function expectRefused(response: Response, label: string, allowed: number[]) {
      expect(allowed, `${label}: status ${response.status}`).toContain(response.status);
      expect(response.headers.get("content-type"), label).toMatch(/^application\/json/);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.length, label).toBeLessThan(2_000);
      const text = body.toString("utf8");
      expect(JSON.parse(text).error.code, label).toMatch(/^[A-Z_]+$/);
      for (const secret of [SECRET_PROMPT, OWNER_EMAIL, fixture.usedUpload, fixture.privateUpload])
        expect(text, label).not.toContain(secret);
      for (const bytes of Object.values(fileBytes)) expect(body.includes(bytes.subarray(0, 64)), label).toBe(false);
    }

    describe.each(ROWS.map((row) => [`${row.method} /api/${row.route}: ${row.object}`, row] as const))("%s", (_, row) => {
      for (const actor of ["owner", "teammate", "admin", "anonymous"] as const) {
        const verdict = row.expect[actor];
        if (!verdict) continue;
        it(`${verdict}s ${actor === "anonymous" ? "a request without a session" : `the ${actor}`}`, async () => {
          const call = await row.call(fixture, actor);
          const before = await state();
          const response = await send(row.route, row.method, call, cookies[actor]);
          const label = `${actor} ${row.method} ${call.path}`;
          if (verdict === "serve") {
            expect(response.status, label).toBeLessThan(300);
            expect((await response.arrayBuffer()).byteLength, label).toBeGreaterThan(0);
            return;
          }
          await expectRefused(
            response,
            label,
            actor === "anonymous" ? [row.anonymousRefusal ?? 401] : actor === "admin" ? [row.adminRefusal ?? 404] : [403, 404],
          );
          expect(await state(), `${label} changed something`).toEqual(before);
        });
      }
      if (row.foreign) {
        it("refuses a credential that belongs to another object, before any write", async () => {
          for (const call of await row.foreign!(fixture)) {
            const before = await state();
            const response = await send(row.route, row.method, call);
            await expectRefused(response, `foreign ${row.method} ${call.path}`, [401, 403, 404]);
            expect(await state()).toEqual(before);
          }
        });
      }
    });

    it("serves shared objects read-only: a teammate sees a task but may not manage it", async () => {
      const id = await fixture.queuedTask();
      const view = async (actor: Actor) =>
        (await (await send("tasks/[id]", "GET", { path: `/api/tasks/${id}`, params: { id } }, cookies[actor])).json()).task;
      expect(await view("owner")).toMatchObject({ canCancel: true, owner: { id: users.owner.id, name: "Owen" } });
      expect(await view("teammate")).toMatchObject({
        canCancel: false,
        cancelBlockedReason: "Only the person who created this task, or an admin, can cancel it.",
      });
      // And the served bytes are the object's own, not merely a 200.
      const video = await send(
        "media/[id]",
        "GET",
        { path: `/api/media/${fixture.finishedTask}`, params: { id: fixture.finishedTask } },
        cookies.teammate,
      );
      expect(Buffer.from(await video.arrayBuffer()).equals(fileBytes.video)).toBe(true);
    });

    it("refuses ids carried in a body: another's private upload as an input, and bulk cancel for members", async () => {
      const before = await state();
      const create = await (
        await handler("tasks", "POST")
      )(
        request("POST", "/api/tasks", {
          cookie: cookies.teammate,
          json: { provider: "aivideomaker", model: "i2v", input: { image: { uploadId: fixture.privateUpload }, duration: "5" } },
        }),
        params({}),
      );
      expect(create.status).toBe(422);
      expect(await create.text()).not.toContain(OWNER_EMAIL);
      const queued = await fixture.queuedTask();
      const afterQueue = await state();
      expect(afterQueue).not.toEqual(before);
      const bulk = await (
        await handler("tasks/cancel", "POST")
      )(request("POST", "/api/tasks/cancel", { cookie: cookies.teammate, json: { ids: [queued] } }), params({}));
      expect(bulk.status).toBe(403);
      expect(await state()).toEqual(afterQueue);
    });
  });
}

defineObjectAccessSuite(testDatabaseKind());
