import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../support/free-port";
import { signInThroughNextAuth } from "../support/next-auth-sign-in";
import { startOwnServer } from "./own-server";
import { expect, test, ADMIN, ORIGIN } from "./support";

// `npm run backup` against the e2e server while it runs (embedded PGlite: the command asks the
// server, which holds the database), after the whole suite has filled it; then `npm run restore`
// into an empty DATA_DIR on a "new machine", and a server started on it: every user and task is
// there, the admin signs in with the same password, and an archived output plays byte for byte.

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const E2E_DATA = path.join(ROOT, "tests/.tmp/e2e-data");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

type TaskPage = { items: { id: string; state: string; media: { posterUrl: string | null } | null }[]; total?: number };
const TERMINAL = ["succeeded", "failed", "canceled", "expired"];

async function asAdmin(base: string) {
  const signedIn = await signInThroughNextAuth(base, ADMIN);
  expect(signedIn.status).toBeLessThan(400);
  const cookie = signedIn.cookies.map((line) => line.split(";")[0]).join("; ");
  const get = async (pathname: string) => {
    const response = await fetch(`${base}${pathname}`, { headers: { cookie } });
    expect(response.status, pathname).toBe(200);
    return response;
  };
  return {
    /** A finished task with its output archived (the suite leaves many; run alone, this makes one). */
    ensureArchived: async () => {
      const listed = (await (await get("/api/tasks?limit=100&state=succeeded")).json()) as TaskPage;
      if (listed.items.some((task) => task.media?.posterUrl)) return;
      const created = await fetch(`${base}/api/tasks`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "application/json" },
        body: JSON.stringify({
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt: "kept for the backup", aspectRatio: "16:9", duration: "5" },
          force: true,
        }),
      });
      expect(created.status).toBe(201);
      const { task } = (await created.json()) as { task: { id: string } };
      await expect
        .poll(
          async () =>
            ((await (await get(`/api/tasks/${task.id}`)).json()) as { task: TaskPage["items"][number] }).task.media?.posterUrl ?? null,
          {
            timeout: 120_000,
          },
        )
        .not.toBeNull();
    },
    users: async () =>
      ((await (await get("/api/admin/users")).json()) as { users: { email: string }[] }).users.map((user) => user.email).sort(),
    tasks: async () => (await (await get("/api/tasks?limit=100&count=1")).json()) as TaskPage,
    media: async (id: string) => Buffer.from(await (await get(`/api/media/${id}`)).arrayBuffer()),
  };
}

test("a backup taken while the app runs restores on a new machine with every user, task and output", async () => {
  test.setTimeout(240_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cutroom-backup-e2e-"));
  const archive = path.join(work, "backup.zip");
  const restored = path.join(work, "restored");
  const port = new URL(ORIGIN).port;
  const env = { PATH: process.env.PATH, NODE_ENV: "production" as const, DATA_DIR: E2E_DATA, PORT: port, LOG_LEVEL: "silent" };
  try {
    const original = await asAdmin(ORIGIN);
    await original.ensureArchived();
    const [users, tasks] = [await original.users(), await original.tasks()];
    // One whose copy is in Cutroom's storage (it has a poster), so the restored server serves its own file.
    const archived = tasks.items.find((task) => task.state === "succeeded" && task.media?.posterUrl)!;
    expect(archived).toBeDefined();
    const output = await original.media(archived.id);

    const backup = await run("npx", ["tsx", "--conditions=react-server", "scripts/backup.mts", "--out", archive], { cwd: ROOT, env });
    expect(backup.stdout).toMatch(/^Backup written to .* \(from the running server\): \d+ rows in \d+ tables, \d+ files\.$/m);
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);

    const freshPort = await freePort();
    const restore = await run("npx", ["tsx", "--conditions=react-server", "scripts/restore.mts", archive], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: restored, PORT: String(freshPort) },
    });
    expect(restore.stdout).toMatch(/^Restored \d+ rows in \d+ tables and \d+ files\./m);

    const server = await startOwnServer("restored", freshPort, { DATA_DIR: restored, SANDBOX_API_KEY: "restored-sandbox-key" });
    try {
      const copy = await asAdmin(server.base);
      expect(await copy.users()).toEqual(users);
      const copied = await copy.tasks();
      expect(copied.total).toBe(tasks.total);
      expect(copied.items.map((task) => task.id)).toEqual(tasks.items.map((task) => task.id));
      // A task still running when it was listed may have finished before the backup was taken;
      // one that had ended is as it was.
      const states = new Map(copied.items.map((task) => [task.id, task.state]));
      for (const task of tasks.items.filter((item) => TERMINAL.includes(item.state))) expect(states.get(task.id), task.id).toBe(task.state);
      expect(sha256(await copy.media(archived.id))).toBe(sha256(output));
    } finally {
      await server.stop();
    }
    // A second restore over what is now a working install is refused.
    const again = await run("npx", ["tsx", "--conditions=react-server", "scripts/restore.mts", archive], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: restored, PORT: String(freshPort) },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("already has people and work in it") });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
