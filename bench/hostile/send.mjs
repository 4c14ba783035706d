// Sends corpus requests over raw TCP, byte for byte as the corpus describes them (a client library
// would refuse or repair much of it), one connection per request, and reads the status line.
import { connect } from 'node:net';

const encoder = new TextEncoder();

function bodyBytes(body) {
  if (body === null || body === undefined) return undefined;
  return typeof body === 'string' ? encoder.encode(body) : body;
}

function head(request, target, body) {
  const lines = [
    `${request.method} ${target.path}${request.query} HTTP/1.1`,
    `host: ${target.host}:${target.port}`,
    'connection: close',
  ];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (body && request.chunked) lines.push('transfer-encoding: chunked');
  else if (body)
    lines.push(`content-length: ${Math.max(0, body.length + (request.lengthDelta ?? 0))}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

async function writeBody(socket, request, body, budgetMs) {
  if (request.chunked) {
    for (let at = 0; at < body.length && !socket.destroyed; at += 65_536) {
      const part = body.subarray(at, at + 65_536);
      socket.write(`${part.length.toString(16)}\r\n`);
      socket.write(part);
      socket.write('\r\n');
    }
    if (!socket.destroyed) socket.write('0\r\n\r\n');
    return;
  }
  if (!request.slow) return void socket.write(body);
  // A slow sender: a few bytes at a time, for no longer than the budget.
  const stopAt = Date.now() + budgetMs;
  for (let at = 0; at < body.length && !socket.destroyed && Date.now() < stopAt; ) {
    socket.write(body.subarray(at, at + request.slow.chunkBytes));
    at += request.slow.chunkBytes;
    await new Promise((resolve) => setTimeout(resolve, request.slow.intervalMs));
  }
}

/**
 * Sends one request to `target` (`{ host, port, path }`) and resolves with `{ status, ms }`, where
 * `status` is the HTTP status, or `timeout`, `reset` (closed with no status line) or `error`.
 */
export function sendRaw(request, target, { timeoutMs = 5000, slowBudgetMs = 5000 } = {}) {
  const started = Date.now();
  const body = bodyBytes(request.body);
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    let received = '';
    let settled = false;
    const finish = (status) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, ms: Date.now() - started });
    };
    const timer = setTimeout(
      () => finish('timeout'),
      timeoutMs + (request.slow ? slowBudgetMs : 0),
    );
    socket.on('connect', () => {
      socket.write(head(request, target, body));
      if (body) writeBody(socket, request, body, slowBudgetMs).catch(() => undefined);
    });
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const line = received.indexOf('\r\n');
      if (line !== -1) finish(Number(received.slice(0, line).split(' ')[1]) || 'error');
    });
    socket.on('error', () => finish(received ? 'error' : 'reset'));
    socket.on('close', () => finish('reset'));
  });
}

/** Sends every request, `concurrency` at a time; resolves with the results in corpus order. */
export async function sendAll(requests, target, { concurrency = 16, ...options } = {}) {
  const results = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      results[index] = await sendRaw(requests[index], target, options);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
