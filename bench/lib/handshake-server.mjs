// A notification endpoint that answers Graph's validation handshake and keeps the bodies of the
// notifications it receives, for subscriptions whose notifications a bench only collects.
import { once } from 'node:events';
import { createServer } from 'node:http';

/** Starts it on 127.0.0.1; resolves with its URL, the `bodies` received (text) and `close()`. */
export async function startHandshakeServer() {
  const bodies = [];
  const server = createServer((request, response) => {
    const token = new URL(request.url, 'http://127.0.0.1').searchParams.get('validationToken');
    if (token !== null) {
      request.resume();
      return response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(202).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}/notifications`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
