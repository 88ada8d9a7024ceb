import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";

// A provider's file host that has turned against Cutroom: outputs that redirect inward, script
// posing as media, trickles, stalls and floods. It listens on loopback only, like every server in
// these tests, and counts the requests each path received. `startInternalService` is the stand-in
// for what such a host would aim at (a metadata service, an admin page): any request it receives
// means the defence failed.

export const SAMPLE_MP4 = fs.readFileSync(path.resolve(__dirname, "../../public/sandbox/media/portrait.mp4"));
export const SAMPLE_PNG = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
export const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>document.title = "owned by the provider"</script></svg>';
export const HTML = "<!doctype html><html><body><script>fetch('/api/team').then(r => r.text()).then(alert)</script></body></html>";

export type HostileProvider = {
  origin: string;
  port: number;
  /** Requests received per path (without the query). */
  hits: (pathname: string) => number;
  totalHits: () => number;
  stop: () => Promise<void>;
};

type Route = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `bytes` in `pieces` chunks, `gapMs` apart, then ends. */
async function trickle(response: http.ServerResponse, bytes: Buffer, pieces: number, gapMs: number): Promise<void> {
  const size = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length && !response.destroyed; at += size) {
    response.write(bytes.subarray(at, at + size));
    await sleep(gapMs);
  }
  response.end();
}

const ROUTES: Record<string, Route> = {
  "/video.mp4": (_request, response) => response.writeHead(200, { "content-type": "video/mp4" }).end(SAMPLE_MP4),
  "/image.png": (_request, response) => response.writeHead(200, { "content-type": "image/png" }).end(SAMPLE_PNG),
  // Script, once as what it is and once claiming to be a video.
  "/owned.svg": (_request, response) => response.writeHead(200, { "content-type": "image/svg+xml" }).end(SVG),
  "/svg-as.mp4": (_request, response) => response.writeHead(200, { "content-type": "video/mp4" }).end(SVG),
  "/page.html": (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(HTML),
  "/redirect": (_request, response, url) => response.writeHead(302, { location: url.searchParams.get("to")! }).end(),
  /** `/chain?hops=n&to=u`: n redirects within this host, then one to `to`. */
  "/chain": (_request, response, url) => {
    const hops = Number(url.searchParams.get("hops"));
    const to = url.searchParams.get("to")!;
    const next = hops > 0 ? `/chain?hops=${hops - 1}&to=${encodeURIComponent(to)}` : to;
    response.writeHead(307, { location: next }).end();
  },
  /** `/slow?pieces=n&gap=ms`: the whole video, a piece at a time. */
  "/slow": (_request, response, url) => {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(SAMPLE_MP4.length) });
    void trickle(response, SAMPLE_MP4, Number(url.searchParams.get("pieces")), Number(url.searchParams.get("gap")));
  },
  /** Half the video, then silence with the connection held open. */
  "/stall": (_request, response) => {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(SAMPLE_MP4.length) });
    response.write(SAMPLE_MP4.subarray(0, SAMPLE_MP4.length / 2));
  },
  "/empty": (_request, response) => response.writeHead(200, { "content-type": "video/mp4" }).end(),
  /** The sample's header (its length and frame size) and none of its frames: it probes as a video, yet no still can be made. */
  "/frameless.mp4": (_request, response) =>
    response.writeHead(200, { "content-type": "video/mp4" }).end(SAMPLE_MP4.subarray(0, SAMPLE_MP4.indexOf("mdat", 0, "latin1") + 200)),
  /** Never answers at all. */
  "/silent": () => undefined,
  /** Declares more than any cap. */
  "/huge": (_request, response) => {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(3 * 1024 ** 3) });
    response.write(SAMPLE_MP4);
  },
  /** A real video followed by `extra` bytes of padding, chunked, so only counting finds the size. */
  "/padded": (_request, response, url) => {
    response.writeHead(200, { "content-type": "video/mp4" });
    response.write(SAMPLE_MP4);
    const extra = Number(url.searchParams.get("extra"));
    for (let sent = 0; sent < extra && !response.destroyed; sent += 64 * 1024)
      response.write(Buffer.alloc(Math.min(64 * 1024, extra - sent)));
    response.end();
  },
  /** Honours a Range like a real file host; several ranges get a multipart answer. */
  "/ranged.mp4": (request, response) => {
    if (request.headers.range?.includes(",")) {
      const part = (from: number, to: number) =>
        `--cut\r\ncontent-type: video/mp4\r\ncontent-range: bytes ${from}-${to}/${SAMPLE_MP4.length}\r\n\r\n${SAMPLE_MP4.subarray(from, to + 1).toString("latin1")}\r\n`;
      return response
        .writeHead(206, { "content-type": "multipart/byteranges; boundary=cut" })
        .end(`${part(0, 1)}${part(5, 6)}--cut--\r\n`, "latin1");
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    if (!match) return response.writeHead(200, { "content-type": "video/mp4", "accept-ranges": "bytes" }).end(SAMPLE_MP4);
    const start = Number(match[1]);
    const end = match[2] ? Math.min(Number(match[2]), SAMPLE_MP4.length - 1) : SAMPLE_MP4.length - 1;
    response
      .writeHead(206, {
        "content-type": "video/mp4",
        "accept-ranges": "bytes",
        "content-range": `bytes ${start}-${end}/${SAMPLE_MP4.length}`,
      })
      .end(SAMPLE_MP4.subarray(start, end + 1));
  },
};

function listen(
  host: string,
  port: number,
  route: (request: http.IncomingMessage, response: http.ServerResponse) => void,
): Promise<http.Server> {
  const server = http.createServer(route);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

function stopper(server: http.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

export async function startHostileProvider(host = "127.0.0.1"): Promise<HostileProvider> {
  const hits = new Map<string, number>();
  const server = await listen(host, 0, (request, response) => {
    const url = new URL(request.url ?? "/", "http://hostile.test");
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const route = ROUTES[url.pathname];
    if (route) route(request, response, url);
    else response.writeHead(404).end();
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    hits: (pathname) => hits.get(pathname) ?? 0,
    totalHits: () => [...hits.values()].reduce((sum, count) => sum + count, 0),
    stop: stopper(server),
  };
}

/** Something only the server can reach; answers a secret to anyone who asks, and counts them. */
export async function startInternalService(
  host: string,
  port = 0,
): Promise<{ origin: string; hits: () => number; stop: () => Promise<void> }> {
  let hits = 0;
  const server = await listen(host, port, (_request, response) => {
    hits += 1;
    response.writeHead(200, { "content-type": "video/mp4" }).end(SAMPLE_MP4);
  });
  const bound = (server.address() as net.AddressInfo).port;
  return { origin: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`, hits: () => hits, stop: stopper(server) };
}
