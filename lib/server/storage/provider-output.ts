import "server-only";
import type { ProviderId } from "@/lib/shared/catalog";
import { Readable } from "node:stream";
import type { Task } from "../db/schema";
import { env } from "../env";
import type { PrivateAllowList } from "../http/address-policy";
import { parseRange } from "../http/file-response";
import { FetchFailed, FetchRefused, safeGet, type FetchLimits } from "../http/safe-fetch";
import { readSandboxOutput } from "../providers/sandbox-host";
import { MAX_OUTPUT_BYTES, OUTPUT_TYPES, SNIFF_BYTES, sniffOutputType, type OutputKind, type OutputMime } from "./media-types";

// Opens a finished task's output wherever it is: a sandbox task's from Cutroom's own sample files,
// a real provider's through the guarded fetcher. Either way the type comes from the first bytes,
// and only the video and image types Cutroom expects (for the task's kind) are ever handed on.

export const OUTPUT_FETCH_LIMITS: Omit<FetchLimits, "maxBytes"> = { headersTimeoutMs: 30_000, idleTimeoutMs: 30_000, maxRedirects: 5 };

export type OpenedOutput = {
  mime: OutputMime;
  status: 200 | 206;
  body: Readable;
  /** Headers worth passing on to a player: content-length, content-range, accept-ranges. */
  headers: Record<string, string>;
};

type OutputTask = Pick<Task, "provider" | "sandbox" | "outputUrl" | "outputKind">;

/** The first `size` bytes of a stream, and the whole stream (those bytes included) to read on. */
async function readHead(stream: Readable, size: number): Promise<{ head: Buffer; body: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    while (length < size) {
      const next = await iterator.next();
      if (next.done) break;
      chunks.push(next.value);
      length += next.value.length;
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const head = Buffer.concat(chunks);
  const body = Readable.from(
    (async function* () {
      if (head.length) yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  body.once("close", () => stream.destroy());
  return { head, body };
}

function refusedType(mime: OutputMime | null, kind: OutputKind): FetchRefused | null {
  if (!mime) return new FetchRefused("the output is not a video or image Cutroom accepts (MP4, WebM, MOV, PNG, JPEG, WebP)");
  if (OUTPUT_TYPES[mime].kind !== kind)
    return new FetchRefused(`the output is ${OUTPUT_TYPES[mime].label}, not ${kind === "video" ? "a video" : "an image"}`);
  return null;
}

function openSandboxOutput(bytes: Buffer, range: string | null): Omit<OpenedOutput, "mime"> {
  const wanted = parseRange(range, bytes.length);
  if (!wanted || wanted === "unsatisfiable") {
    return { status: 200, body: Readable.from([bytes]), headers: { "content-length": String(bytes.length), "accept-ranges": "bytes" } };
  }
  return {
    status: 206,
    body: Readable.from([bytes.subarray(wanted.start, wanted.end + 1)]),
    headers: {
      "content-length": String(wanted.end - wanted.start + 1),
      "content-range": `bytes ${wanted.start}-${wanted.end}/${bytes.length}`,
      "accept-ranges": "bytes",
    },
  };
}

/** Where a `Content-Range: bytes a-b/n` answer starts; null when it does not say. */
function rangeStart(header: string | undefined): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? "");
  return match ? Number(match[1]) : null;
}

/**
 * Opens the output, sniffed and checked. `range` is passed on to the provider (for seeking before
 * the copy exists); a part that does not start at the beginning is typed by a second, short request
 * for the first bytes. Throws FetchRefused when the output will never be acceptable and
 * FetchFailed when it may be later.
 */
export async function openTaskOutput(
  task: OutputTask,
  options: { range?: string | null; limits?: Partial<FetchLimits> } = {},
): Promise<OpenedOutput> {
  if (!task.outputUrl) throw new FetchFailed("the task has no output");
  const kind: OutputKind = task.outputKind ?? "video";
  // One plain byte range at most: anything fancier (several ranges) is not passed on.
  const range = options.range && /^bytes=\d*-\d*$/.test(options.range.trim()) ? options.range.trim() : null;
  if (task.sandbox) {
    const bytes = await readSandboxOutput(task.provider as ProviderId, task.outputUrl);
    if (!bytes) throw new FetchRefused("the sandbox has no such sample file");
    // Its fault knob has the URL answer 404, as a provider's does once it has dropped the file.
    if (bytes === "missing") throw new FetchFailed("the output answered HTTP 404", { httpStatus: 404 });
    const mime = await sniffOutputType(bytes.subarray(0, SNIFF_BYTES));
    const refusal = refusedType(mime, kind);
    if (refusal) throw refusal;
    return { mime: mime!, ...openSandboxOutput(bytes, range) };
  }

  const allow = env().PROVIDER_OUTPUT_ALLOW_PRIVATE;
  const limits: FetchLimits = { ...OUTPUT_FETCH_LIMITS, maxBytes: MAX_OUTPUT_BYTES[kind], ...options.limits };
  const response = await safeGet(task.outputUrl, { allow, limits, headers: range ? { range } : {} });
  if (response.status !== 200 && !(range && response.status === 206)) {
    response.body.destroy();
    throw new FetchFailed(`the output answered HTTP ${response.status}`, { httpStatus: response.status });
  }
  const { head, body } = await readHead(response.body, SNIFF_BYTES);
  // Nothing to judge yet: a file host that answers empty may not have the file in place.
  if (head.length === 0) {
    body.destroy();
    throw new FetchFailed("the provider's file was empty");
  }
  let mime: OutputMime | null;
  const fromStart = response.status === 200 || rangeStart(response.headers["content-range"]) === 0;
  if (fromStart && (head.length >= SNIFF_BYTES || response.status === 200)) {
    mime = await sniffOutputType(head);
  } else {
    mime = await sniffRemoteStart(task.outputUrl, allow, limits).catch((error: unknown) => {
      body.destroy();
      throw error;
    });
  }
  const refusal = refusedType(mime, kind);
  if (refusal) {
    body.destroy();
    throw refusal;
  }
  const headers: Record<string, string> = {};
  for (const name of ["content-length", "content-range", "accept-ranges"] as const) {
    const value = response.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return { mime: mime!, status: response.status as 200 | 206, body, headers };
}

/** The type of a remote output from its first bytes, asked for on their own. */
async function sniffRemoteStart(url: string, allow: PrivateAllowList, limits: FetchLimits): Promise<OutputMime | null> {
  const probe = await safeGet(url, { allow, limits, headers: { range: `bytes=0-${SNIFF_BYTES - 1}` } });
  try {
    const startsAtZero = probe.status === 200 || (probe.status === 206 && rangeStart(probe.headers["content-range"]) === 0);
    if (!startsAtZero) throw new FetchFailed(`the output answered HTTP ${probe.status}`);
    const { head } = await readHead(probe.body, SNIFF_BYTES);
    return await sniffOutputType(head);
  } finally {
    probe.body.destroy();
  }
}
