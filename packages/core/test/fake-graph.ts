/**
 * A scripted stand-in for Microsoft Graph over real HTTP, for core's Node tests: a `node:http`
 * server on 127.0.0.1 that answers each request with the next scripted response and records what
 * it received. Each test says exactly what "Graph" answers, including failures a full emulator
 * would rarely produce: dropped connections, stalls, malformed bodies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Cloud, customCloud } from '../src/clouds.js';

/** One scripted answer. */
export interface ScriptedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string | string[]>;
  /** A string is sent as is; anything else as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Never answer; the client has to give up. */
  hang?: boolean;
  /** Send the status and headers, then stall before the body. */
  stallBody?: boolean;
}

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1.0/subscriptions/…/reauthorize`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Script = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse);

/** A running fake Graph. */
export interface FakeGraph {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** A custom cloud whose Graph (and login) host is this server. */
  readonly cloud: Cloud;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Queues answers; each request takes the next. An unscripted request gets a 599. */
  respond(...scripts: Script[]): void;
  close(): Promise<void>;
}

/** Starts a fake Graph on a free loopback port. */
export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: RecordedRequest[] = [];
  const queue: Script[] = [];
  const server = createServer((incoming, outgoing) => {
    readBody(incoming).then((body) => {
      const request = record(incoming, body);
      requests.push(request);
      const script = queue.shift() ?? { status: 599, body: 'no scripted response' };
      answer(typeof script === 'function' ? script(request) : script, outgoing);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    cloud: customCloud({ graphUrl: url, loginUrl: url }),
    requests,
    respond: (...scripts) => queue.push(...scripts),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function record(incoming: IncomingMessage, body: string): RecordedRequest {
  return {
    method: incoming.method ?? '',
    path: incoming.url ?? '',
    headers: { ...incoming.headers },
    body,
  };
}

function answer(script: ScriptedResponse, outgoing: ServerResponse): void {
  if (script.drop) {
    outgoing.socket?.destroy();
    return;
  }
  if (script.hang) return;

  const json = script.body !== undefined && typeof script.body !== 'string';
  const body = json ? JSON.stringify(script.body) : ((script.body as string | undefined) ?? '');
  const headers = { ...(json && { 'content-type': 'application/json' }), ...script.headers };
  outgoing.writeHead(script.status ?? 200, headers);
  if (script.stallBody) {
    outgoing.write(body.slice(0, 1));
    return;
  }
  outgoing.end(body);
}
