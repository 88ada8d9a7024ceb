import http from "node:http";
import type { AddressInfo } from "node:net";

// A relay in front of a provider that holds back the answers to chosen requests until the test
// lets them go: the request is carried out at once, only the answer waits. It makes "the provider
// has the task, Cutroom does not know yet" a state a test can stand in, instead of a moment it
// tries to hit with a sleep.

export type AnswerGate = {
  url: string;
  /** Resolves once a held request has been carried out by the provider (its answer is waiting). */
  held: Promise<void>;
  /** Sends the held answers on, and every later one straight away. */
  release: () => void;
  stop: () => Promise<void>;
};

export async function startAnswerGate(target: string, holds: (method: string, pathname: string) => boolean): Promise<AnswerGate> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markHeld!: () => void;
  const held = new Promise<void>((resolve) => (markHeld = resolve));

  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === "string" && name !== "host" && name !== "content-length") headers.set(name, value);
    }
    const method = incoming.method ?? "GET";
    const answer = await fetch(new URL(incoming.url ?? "/", target), {
      method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (holds(method, new URL(incoming.url ?? "/", target).pathname)) {
      markHeld();
      await released;
    }
    // fetch has already decoded the body and framed it: its length and encoding headers no longer hold.
    const passed = [...answer.headers].filter(([name]) => !/^(content-length|content-encoding|transfer-encoding|connection)$/.test(name));
    outgoing.writeHead(answer.status, Object.fromEntries(passed)).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release,
    stop: () => {
      release();
      return new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
    },
  };
}
