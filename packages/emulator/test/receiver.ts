/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that answers validation
 * handshakes and notification POSTs as told, and keeps every request it got.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How to answer: a status with a body, or never (the caller's timeout decides). */
export type Answer = { status: number; body?: string } | 'hang';

/** How the receiver behaves; change the fields at any time. */
export interface ReceiverBehaviour {
  /** Answer to a handshake; `echo` returns the decoded token with 200 text/plain. */
  handshake: 'echo' | Answer;
  /** Answers to notification POSTs, used in turn; the last one repeats. */
  notifications: Answer[];
}

/** A running receiver. */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  behaviour: ReceiverBehaviour;
  /** The notification POSTs (not handshakes), their bodies parsed. */
  notifications(): {
    url: URL;
    body: { value: Record<string, unknown>[]; validationTokens?: string[] };
  }[];
  /** Forgets every request and goes back to validating and accepting everything. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a receiver that validates and accepts everything until told otherwise. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const behaviour: ReceiverBehaviour = { handshake: 'echo', notifications: [{ status: 202 }] };
  let notificationCount = 0;
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: incoming.method ?? '',
      url,
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString(),
    });
    const token = url.searchParams.get('validationToken');
    if (token !== null)
      return answer(
        outgoing,
        behaviour.handshake === 'echo' ? { status: 200, body: token } : behaviour.handshake,
        hanging,
      );
    const index = Math.min(notificationCount++, behaviour.notifications.length - 1);
    answer(outgoing, behaviour.notifications[index] ?? { status: 202 }, hanging);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behaviour,
    notifications: () =>
      requests
        .filter((request) => !request.url.searchParams.has('validationToken'))
        .map((request) => ({ url: request.url, body: JSON.parse(request.body) })),
    reset() {
      requests.length = 0;
      notificationCount = 0;
      behaviour.handshake = 'echo';
      behaviour.notifications = [{ status: 202 }];
    },
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(outgoing: ServerResponse, reply: Answer, hanging: Set<ServerResponse>): void {
  if (reply === 'hang') {
    hanging.add(outgoing);
    return;
  }
  outgoing.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8' });
  outgoing.end(reply.body ?? '');
}
