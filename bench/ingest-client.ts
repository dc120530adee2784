/**
 * The ingest benchmark's client process (forked by bench/ingest-load.ts): a plain
 * node:http client with keep-alive connections, a fixed number of requests in
 * flight, each sending the next prepared body in turn to POST /v1/traces.
 */
import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { latencySummary, type ClientCommand, type ClientReply, type LoadResult, type LoadRun } from './ingest-load.js';

/** A request still unanswered after this long counts as failed. */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

const CONTENT_TYPES = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;

let bodies: { protobuf: Buffer[]; json: Buffer[] } = { protobuf: [], json: [] };
/** The same bodies gzipped, made at the first gzip run. */
let gzipped: { protobuf: Buffer[]; json: Buffer[] } | undefined;
/** Carries on across runs, so every body is sent as often as the others. */
let next = 0;

function send(reply: ClientReply): void {
  process.send!(reply);
}

/** One POST; resolves with the status, or 'error'. */
function post(agent: Agent, run: LoadRun, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const req = request({
      agent, host: '127.0.0.1', port: run.port, method: 'POST', path: '/v1/traces',
      headers: {
        'Content-Type': CONTENT_TYPES[run.encoding], 'Content-Length': body.length, ...(run.gzip === true ? { 'Content-Encoding': 'gzip' } : {}),
      },
    }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(String(res.statusCode)));
      res.on('error', () => resolve('error'));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: run.concurrency });
  if (run.gzip === true) gzipped ??= { protobuf: bodies.protobuf.map((b) => gzipSync(b)), json: bodies.json.map((b) => gzipSync(b)) };
  const list = (run.gzip === true ? gzipped! : bodies)[run.encoding];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const limit = run.requests ?? Infinity;
  const deadline = run.durationMs === undefined ? Infinity : performance.now() + run.durationMs;
  let started = 0;
  let bytes = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (started < limit && performance.now() < deadline) {
      started++;
      const body = list[next++ % list.length];
      bytes += body.length;
      const sent = performance.now();
      const status = await post(agent, run, body);
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: run.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return {
    requests: latencies.length, bytes, elapsedMs, latencyMs: latencySummary(latencies), latenciesMs: latencies, statuses,
    clientCpuMs: (used.user + used.system) / 1000,
  };
}

process.on('message', (command: ClientCommand) => {
  if (command.kind === 'bodies') {
    const asBuffers = (list: readonly Uint8Array[]) => list.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    bodies = { protobuf: asBuffers(command.protobuf), json: asBuffers(command.json) };
    gzipped = undefined;
    send({ kind: 'ready' });
    return;
  }
  runLoad(command).then(
    (result) => send({ kind: 'result', ...result }),
    (error: unknown) => send({ kind: 'failed', message: String(error) }),
  );
});
