import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Transform, type Readable } from "node:stream";
import { addressRefusal, normalHost, type PrivateAllowList } from "./address-policy";

// GET of a URL that someone outside named (a provider's output), without letting it reach Cutroom's
// own network. Each hop is checked before anything is sent: http(s) only, no credentials in the
// URL, and every address the host resolves to must be public (or allowed by the operator). The
// connection goes to the very addresses that were checked (the check runs inside the socket's own
// DNS lookup), so a name that resolves differently a moment later cannot slip through. Redirects
// are followed here, one checked hop at a time. Slow but steady downloads are fine: the timeouts
// are on the answer's headers and on silence, never on the total time; the size is capped.

export type FetchLimits = {
  /** From sending a hop's request to its answer's headers. */
  headersTimeoutMs: number;
  /** The longest the connection may go without a byte, once connected. */
  idleTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
};

/** The URL, an address on the way or the answer itself is not allowed: asking again will not help. */
export class FetchRefused extends Error {
  override name = "FetchRefused";
}

/** The fetch failed in a way that may pass (a timeout, a reset, an error status). */
export class FetchFailed extends Error {
  override name = "FetchFailed";
  /** The HTTP status the output answered with, when it answered at all. */
  readonly httpStatus: number | null;

  constructor(message: string, options: { httpStatus?: number } = {}) {
    super(message);
    this.httpStatus = options.httpStatus ?? null;
  }
}

export type SafeResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, cut off with FetchRefused past maxBytes and with FetchFailed after idleTimeoutMs of silence. */
  body: Readable;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Parses and checks one hop's URL; returns the host as the socket needs it. */
function checkUrl(text: string, base?: URL): { url: URL; host: string } {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchRefused("the address is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefused("only http and https addresses are fetched");
  if (url.username || url.password) throw new FetchRefused("the address carries credentials");
  return { url, host: normalHost(url.hostname) };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** A socket lookup that resolves every address of the host and refuses the lot if any is not allowed. */
function checkedLookup(allow: PrivateAllowList) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    dns.lookup(hostname, { all: true, verbatim: true, family: options.family }, (error, addresses) => {
      if (error) return callback(new FetchFailed(`the output's host could not be resolved (${error.code ?? "DNS error"})`), []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(allow, hostname, address);
        if (refusal) return callback(new FetchRefused(`the output's host resolves to ${refusal}`), []);
      }
      if (addresses.length === 0) return callback(new FetchFailed("the output's host has no address"), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Sends one hop's GET and waits for its answer's headers. */
function requestOnce(
  url: URL,
  host: string,
  headers: Record<string, string>,
  allow: PrivateAllowList,
  limits: FetchLimits,
): Promise<http.IncomingMessage> {
  if (net.isIP(host)) {
    const refusal = addressRefusal(allow, host, host);
    if (refusal) return Promise.reject(new FetchRefused(`the output's address is ${refusal}`));
  }
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      {
        protocol: url.protocol,
        host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: { accept: "video/*, image/*", "accept-encoding": "identity", ...headers },
        lookup: checkedLookup(allow) as unknown as net.LookupFunction,
        // No pooled sockets: each one is made (and its address checked) for this request alone.
        agent: false,
      },
      (response) => {
        clearTimeout(headersTimer);
        resolve(response);
      },
    );
    const headersTimer = setTimeout(
      () => request.destroy(new FetchFailed(`the output did not answer within ${seconds(limits.headersTimeoutMs)}`)),
      limits.headersTimeoutMs,
    );
    request.setTimeout(limits.idleTimeoutMs, () =>
      request.destroy(new FetchFailed(`the output sent nothing for ${seconds(limits.idleTimeoutMs)}`)),
    );
    request.on("error", (error) => {
      clearTimeout(headersTimer);
      reject(
        error instanceof FetchRefused || error instanceof FetchFailed
          ? error
          : new FetchFailed(`the output could not be fetched (${describe(error)})`),
      );
    });
    request.end();
  });
}

function describe(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message.split("\n")[0] ?? "network error";
}

/** The answer's body, counted against maxBytes; errors of the connection (a stall, a reset) surface on it. */
function cappedBody(response: http.IncomingMessage, limits: FetchLimits): Readable {
  let bytes = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) return callback(new FetchRefused("the output is larger than Cutroom keeps"));
      callback(null, chunk);
    },
  });
  const fail = (error: Error) => body.destroy(error);
  response.socket.once("timeout", () => fail(new FetchFailed(`the output sent nothing for ${seconds(limits.idleTimeoutMs)}`)));
  response.on("error", (error) =>
    fail(error instanceof FetchFailed ? error : new FetchFailed(`the download broke off (${describe(error)})`)),
  );
  response.once("aborted", () => fail(new FetchFailed("the download broke off")));
  response.once("end", () => {
    if (!response.complete) fail(new FetchFailed("the download broke off"));
  });
  // Stopping the reader (a closed player, a refused type) closes the connection too.
  body.once("close", () => response.destroy());
  response.pipe(body);
  return body;
}

/** GETs `url` under the rules above; any answer that is not a redirect is returned with its body. */
export async function safeGet(
  url: string,
  options: { allow: PrivateAllowList; limits: FetchLimits; headers?: Record<string, string> },
): Promise<SafeResponse> {
  let hop = checkUrl(url);
  for (let redirects = 0; ; redirects += 1) {
    const response = await requestOnce(hop.url, hop.host, options.headers ?? {}, options.allow, options.limits);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) throw new FetchFailed(`the output answered HTTP ${status} without a Location`);
      if (redirects >= options.limits.maxRedirects)
        throw new FetchRefused(`the output redirected more than ${options.limits.maxRedirects} times`);
      hop = checkUrl(location, hop.url);
      continue;
    }
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > options.limits.maxBytes) {
      response.destroy();
      throw new FetchRefused("the output is larger than Cutroom keeps");
    }
    return { status, headers: response.headers, body: cappedBody(response, options.limits) };
  }
}
