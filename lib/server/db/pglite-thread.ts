import "server-only";
import { Worker } from "node:worker_threads";

// Embedded PGlite runs Postgres compiled to WebAssembly, synchronously, on whatever thread owns it.
// On the server's main thread every query would stall every request; so PGlite lives in a worker
// thread of its own and this facade forwards the few calls Drizzle and pg-boss make (query, exec,
// transaction) as messages. Results cross by structured clone.

// The worker is plain CommonJS passed as a string, so the bundler never has to find a file for it.
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");

// PGlite's Emscripten file system gives each new file the mode Postgres asked for with an explicit
// chmod (0666 here), which the process umask does not filter: the data files (password hashes
// included) came out world-readable. In this thread only PGlite calls chmod, so it is told here to
// keep group and other out. Reassigned before PGlite loads: it reads fs.chmodSync at each call.
const privateMode = (mode) => (typeof mode === "number" ? mode & 0o700 : typeof mode === "string" ? parseInt(mode, 8) & 0o700 : mode);
const chmodSync = fs.chmodSync;
const fchmodSync = fs.fchmodSync;
fs.chmodSync = (target, mode) => chmodSync(target, privateMode(mode));
fs.fchmodSync = (fd, mode) => fchmodSync(fd, privateMode(mode));

const { PGlite } = require("@electric-sql/pglite");

const identity = (value) => value;
const parsersFrom = (oids) => (oids ? Object.fromEntries(oids.map((oid) => [oid, identity])) : undefined);
// Postgres' shared buffers are pages of the WebAssembly memory, which never shrinks: 128 MB by
// default, resident once touched. The files are in the kernel's page cache anyway.
const options = workerData.sharedBuffers
  ? { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=" + workerData.sharedBuffers] }
  : {};
const db = workerData.dataDir ? new PGlite(workerData.dataDir, options) : new PGlite(options);
const transactions = new Map();
let nextTransaction = 1;

function describe(error) {
  const fields = {};
  for (const key of ["code", "detail", "constraint", "table", "schema", "severity", "position"]) {
    if (error && error[key] !== undefined) fields[key] = error[key];
  }
  return { message: error && error.message ? error.message : String(error), name: error && error.name, fields };
}

async function handle(message) {
  const target = message.tx ? transactions.get(message.tx).client : db;
  switch (message.op) {
    case "ready":
      await db.waitReady;
      return null;
    case "query": {
      const result = await target.query(message.text, message.params, { rowMode: message.rowMode, parsers: parsersFrom(message.rawOids) });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case "exec":
      return (await target.exec(message.text)).map((result) => ({ rows: result.rows, fields: result.fields, affectedRows: result.affectedRows }));
    case "begin":
      return await new Promise((started, failed) => {
        const id = nextTransaction++;
        const done = db.transaction(
          (client) =>
            new Promise((commit, rollback) => {
              transactions.set(id, { client, commit, rollback, done });
              started(id);
            }),
        );
        done.catch((error) => (transactions.has(id) ? undefined : failed(error)));
      });
    case "commit":
    case "rollback": {
      // Answer only once PGlite has really committed (or rolled back) the transaction.
      const entry = transactions.get(message.tx);
      transactions.delete(message.tx);
      if (message.op === "commit") {
        entry.commit();
        await entry.done;
      } else {
        entry.rollback(new Error("rolled back"));
        await entry.done.catch(() => undefined);
      }
      return null;
    }
    case "close":
      await db.close();
      return null;
  }
  throw new Error("unknown operation " + message.op);
}

parentPort.on("message", (message) => {
  handle(message).then(
    (result) => parentPort.postMessage({ id: message.id, result }),
    (error) => parentPort.postMessage({ id: message.id, error: describe(error) }),
  );
});
`;

type Request = { op: string; tx?: number; text?: string; params?: unknown[]; rowMode?: "array" | "object"; rawOids?: string[] };
type QueryOptions = { rowMode?: "array" | "object"; parsers?: Record<string, unknown> };
export type QueryResult = { rows: unknown[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };

export type ThreadedPglite = {
  query: (text: string, params?: unknown[], options?: QueryOptions) => Promise<QueryResult>;
  exec: (text: string) => Promise<QueryResult[]>;
  transaction: <T>(work: (client: Pick<ThreadedPglite, "query" | "exec">) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

function rebuildError(error: { message: string; name?: string; fields: Record<string, unknown> }): Error {
  return Object.assign(new Error(error.message), error.fields, { name: error.name ?? "Error" });
}

/** Starts PGlite (on `dataDir`, or in memory) in a worker thread and waits until it is ready. */
/** PGlite in a thread of its own, with Postgres' shared buffers at the size asked for. */
export async function startThreadedPglite(dataDir?: string, options: { sharedBuffers?: string } = {}): Promise<ThreadedPglite> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dataDir, sharedBuffers: options.sharedBuffers } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited: Error | null = null;
  worker.on(
    "message",
    (message: { id: number; result?: unknown; error?: { message: string; name?: string; fields: Record<string, unknown> } }) => {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return;
      if (message.error) waiter.reject(rebuildError(message.error));
      else waiter.resolve(message.result);
    },
  );
  const failAll = (error: Error) => {
    exited = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the database thread stopped (exit ${code})`)));

  const call = <T>(request: Request): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  // Drizzle passes identity parsers (keep timestamps as text) for a few type ids; functions cannot
  // cross threads, so the ids go instead and the worker makes the same identity parsers.
  const queryOn =
    (tx?: number) =>
    (text: string, params: unknown[] = [], options: QueryOptions = {}) =>
      call<QueryResult>({
        op: "query",
        tx,
        text,
        params,
        rowMode: options.rowMode,
        rawOids: options.parsers ? Object.keys(options.parsers) : undefined,
      });
  const execOn = (tx?: number) => (text: string) => call<QueryResult[]>({ op: "exec", tx, text });

  await call({ op: "ready" });
  return {
    query: queryOn(),
    exec: execOn(),
    async transaction(work) {
      const tx = await call<number>({ op: "begin" });
      try {
        const result = await work({ query: queryOn(tx), exec: execOn(tx) });
        await call({ op: "commit", tx });
        return result;
      } catch (error) {
        await call({ op: "rollback", tx }).catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await call({ op: "close" }).catch(() => undefined);
      await worker.terminate();
    },
  };
}
