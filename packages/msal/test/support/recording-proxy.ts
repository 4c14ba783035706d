/**
 * A loopback HTTP relay in front of the emulator that records each request body, so a test can
 * see the form fields msal sent (such as `claims`) while the emulator still answers.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RelayedRequest {
  method: string;
  path: string;
  body: string;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: use it where the emulator's URL would go. */
  url: string;
  requests: RelayedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RelayedRequest[] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const path = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', path, body });
    const answer = await fetch(`${target}${path}`, {
      method: request.method ?? 'GET',
      headers: { 'content-type': String(request.headers['content-type'] ?? 'text/plain') },
      body: request.method === 'GET' ? undefined : body,
    });
    response.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
