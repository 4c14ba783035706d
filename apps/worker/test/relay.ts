/**
 * A stand-in for the public address Graph posts to: a Node HTTP server on loopback that answers
 * the validation handshake on any path and keeps every lifecycle notification POSTed to
 * `/lifecycle…`, so that a test in workerd can fetch what the emulator sent and hand it to the
 * worker, as Cloudflare's edge would.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running relay. */
export interface Relay {
  /** The relay's origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  close(): Promise<void>;
}

interface Captured {
  readonly path: string;
  readonly body: string;
}

/** Starts a relay on an ephemeral loopback port. */
export async function startRelay(): Promise<Relay> {
  const captured: Captured[] = [];
  const server = createServer((request, response) => {
    answer(request, response, captured).catch(() => response.writeHead(500).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, captured: Captured[]) {
  const url = new URL(request.url ?? '/', 'http://relay');
  const token = url.searchParams.get('validationToken');
  if (request.method === 'POST' && token !== null) {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
    return;
  }
  if (request.method === 'GET' && url.pathname === '/_relay/lifecycle') {
    const contains = url.searchParams.get('contains') ?? '';
    const bodies = captured.filter((item) => item.body.includes(contains)).map((item) => item.body);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(bodies));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  if (request.method === 'POST' && url.pathname.startsWith('/lifecycle')) {
    captured.push({ path: url.pathname, body: Buffer.concat(chunks).toString('utf8') });
  }
  response.writeHead(request.method === 'POST' ? 202 : 404).end();
}
