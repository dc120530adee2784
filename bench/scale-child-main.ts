/**
 * A process of the scale-out benchmark (forked by bench/scale-child.ts), so that its
 * CPU time is its own and it takes a core the way a Collector would:
 * - `router PORT...`: the loopback router (bench/scale-router.ts) in front of those replica ports;
 * - `sink K`: K trivial OTLP endpoints that read the request and answer 200 at once,
 *   to measure what the router costs with nothing behind it.
 * It tells its parent the ports it listens on, answers `usage` with its CPU time,
 * RSS and the router's stats, and ends when the parent disconnects.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildReply, ChildCommand } from './scale-child.js';
import { ScaleRouter } from './scale-router.js';

async function sinks(count: number): Promise<Server[]> {
  return Promise.all(Array.from({ length: count }, () => new Promise<Server>((resolve, reject) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
}

function send(reply: ChildReply): void {
  process.send!(reply);
}

const [role, ...args] = process.argv.slice(2);
let router: ScaleRouter | undefined;
let servers: Server[] = [];
if (role === 'router') {
  router = await ScaleRouter.start(args.map(Number));
  send({ kind: 'listening', ports: [router.port] });
} else if (role === 'sink') {
  servers = await sinks(Number(args[0]));
  send({ kind: 'listening', ports: servers.map((s) => (s.address() as AddressInfo).port) });
} else {
  throw new Error(`unknown role ${role}`);
}

process.on('message', (command: ChildCommand) => {
  if (command.kind !== 'usage') return;
  const cpu = process.cpuUsage();
  send({ kind: 'usage', cpuMs: (cpu.user + cpu.system) / 1000, rssMiB: process.memoryUsage().rss / 2 ** 20, ...(router === undefined ? {} : { router: router.stats() }) });
});
process.on('disconnect', () => {
  void router?.close();
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
});
