import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { finishTasks } from "../support/finish-tasks";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// DATA_DIR holds the embedded database (password hashes, sessions), secrets, uploads and media: no
// other local user may read or change any of it. The app is started as the server starts it
// (boot()), on PGlite, over a DATA_DIR an older install left loose; then it does real work.

const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));

/** Every entry under root (links not followed) whose mode lets group or other in, or is not 0700/0600. */
function looseEntries(root: string): string[] {
  const loose: string[] = [];
  const visit = (target: string) => {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    if (mode !== (stat.isDirectory() ? 0o700 : 0o600)) loose.push(`${mode.toString(8)} ${path.relative(root, target) || "."}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(target)) visit(path.join(target, name));
  };
  visit(root);
  return loose;
}

function countFiles(root: string): number {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

describe("DATA_DIR is private to the server's user", () => {
  let app: AppFixture;
  let database: Db;
  let cookie: string;
  let outside: string;

  beforeAll(async () => {
    app = await startApp("pglite");
    // What an install from before this change looks like: everything readable, some writable.
    fs.chmodSync(app.dataDir, 0o777);
    const uploads = path.join(app.dataDir, "uploads");
    fs.mkdirSync(uploads);
    fs.chmodSync(uploads, 0o777);
    for (const [file, mode] of [
      ["uploads/old.png", 0o666],
      ["auth-secret", 0o644],
      ["notes.txt", 0o604],
    ] as const) {
      fs.writeFileSync(path.join(app.dataDir, file), "x");
      fs.chmodSync(path.join(app.dataDir, file), mode);
    }
    // A link to a file outside DATA_DIR: following it would change a file that is not ours.
    outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-outside-")), "shared.txt");
    fs.writeFileSync(outside, "not Cutroom's");
    fs.chmodSync(outside, 0o644);
    fs.symlinkSync(outside, path.join(app.dataDir, "link-to-outside"));

    const { boot } = await import("@/lib/server/boot");
    await boot();
    database = await (await import("@/lib/server/db")).db();
    const { createFirstAdmin } = await import("@/lib/server/users/service");
    cookie = await sessionCookie(await createFirstAdmin(database, { name: "Ada", email: "ada@example.com", password: "admin password 1" }));
  });

  afterAll(async () => {
    await app?.stop();
    fs.rmSync(path.dirname(outside), { recursive: true, force: true });
  });

  it("tightens what an older install left readable, at start-up, without following links", () => {
    expect(looseEntries(app.dataDir)).toEqual([]);
    expect(fs.statSync(path.join(app.dataDir, "uploads/old.png")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(outside).mode & 0o777).toBe(0o644);
  });

  it("keeps the database, uploads, media and posters private after work", async () => {
    const uploadsRoute = await import("@/app/api/uploads/route");
    const tasksRoute = await import("@/app/api/tasks/route");
    const uploaded = await uploadsRoute.POST(
      request("POST", "/api/uploads", { cookie, body: png, headers: { "x-file-name": "portrait.png" } }),
      params({}),
    );
    expect(uploaded.status).toBe(201);
    const created = await tasksRoute.POST(
      request("POST", "/api/tasks", {
        cookie,
        json: { provider: "aivideomaker", model: "t2v", input: { prompt: "a private lighthouse", aspectRatio: "9:16", duration: "5" } },
      }),
      params({}),
    );
    expect(created.status).toBe(201);
    const { task } = await created.json();
    await finishTasks(database, [task.id]);
    // A checkpoint makes PGlite write its data files now, not at some later moment.
    await database.execute("checkpoint");

    const media = fs.readdirSync(path.join(app.dataDir, "media"));
    expect(media).toEqual(expect.arrayContaining([expect.stringMatching(/\.mp4$/), expect.stringMatching(/\.poster\.jpg$/)]));
    expect(countFiles(path.join(app.dataDir, "pglite"))).toBeGreaterThan(100);
    expect(looseEntries(app.dataDir)).toEqual([]);
  });
});
