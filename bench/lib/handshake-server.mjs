// A notification endpoint that only answers Graph's validation handshake, for subscriptions whose
// notifications a bench never reads.
import { once } from 'node:events';
import { createServer } from 'node:http';

/** Starts it on 127.0.0.1; resolves with its URL and `close()`. */
export async function startHandshakeServer() {
  const server = createServer((request, response) => {
    const token = new URL(request.url, 'http://127.0.0.1').searchParams.get('validationToken');
    request.resume();
    if (token === null) return response.writeHead(202).end();
    response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/notifications`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
