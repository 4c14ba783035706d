/**
 * A local stand-in for Entra ID's key endpoint (`/common/discovery/v2.0/keys`), served over real
 * HTTP on 127.0.0.1 for Node tests. The served key set can be swapped to model key rotation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';

export interface KeyServer {
  /** The base URL to use as a cloud's `loginUrl`. */
  loginUrl: string;
  /** How many key-set requests were served. */
  requests(): number;
  /** Replaces the served key set, or makes the endpoint fail with the status. */
  serve(keys: JSONWebKeySet | number): void;
  close(): Promise<void>;
}

export async function startKeyServer(initial: JSONWebKeySet): Promise<KeyServer> {
  let served: JSONWebKeySet | number = initial;
  let count = 0;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/common/discovery/v2.0/keys') {
      response.writeHead(404).end();
      return;
    }
    count += 1;
    if (typeof served === 'number') {
      response.writeHead(served).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    loginUrl: `http://127.0.0.1:${port}`,
    requests: () => count,
    serve: (keys) => {
      served = keys;
    },
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
