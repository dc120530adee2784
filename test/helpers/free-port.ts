import { createServer } from 'node:net';

/**
 * A port free right now on 127.0.0.1, for servers where port 0 means "off" rather
 * than "any" (Prometheus, modelwatch's Prometheus endpoint). Another process could
 * take it before it is used; on a test machine that risk is accepted.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
