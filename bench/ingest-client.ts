/**
 * The ingest benchmark's client process (forked by bench/ingest-load.ts): a plain
 * node:http client with keep-alive connections, a fixed number of requests in
 * flight, each sending the next prepared body in turn to POST /v1/traces; or the
 * same over OTLP/gRPC, one grpc-js channel per request in flight.
 */

const TRACE_EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
import { Agent, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Client, credentials, Metadata, status as GrpcStatus } from '@grpc/grpc-js';
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

/** One unary TraceService/Export of the protobuf body; resolves with the status code's name, or 'error'. */
function exportCall(client: Client, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(TRACE_EXPORT, (bytes: Buffer) => bytes, (bytes: Buffer) => bytes, body, new Metadata(),
      { deadline: Date.now() + REQUEST_TIMEOUT_MS }, (error) => resolve(error === null ? 'OK' : (GrpcStatus[error.code] ?? 'error')));
  });
}

/** A sender per request in flight: its own keep-alive HTTP connection, or its own gRPC channel (ready before timing). */
async function senders(run: LoadRun): Promise<{ send: ((body: Buffer) => Promise<string>)[]; close: () => void }> {
  if (run.protocol !== 'grpc') {
    const agent = new Agent({ keepAlive: true, maxSockets: run.concurrency });
    return { send: Array.from({ length: run.concurrency }, () => (body: Buffer) => post(agent, run, body)), close: () => agent.destroy() };
  }
  if (run.encoding !== 'protobuf' || run.gzip === true) throw new Error('the gRPC load sends uncompressed protobuf only');
  const clients = Array.from({ length: run.concurrency }, () => new Client(`127.0.0.1:${run.port}`, credentials.createInsecure(), {
    // A channel of its own each: grpc-js would otherwise share one subchannel (one HTTP/2 connection) between equal targets.
    'grpc.use_local_subchannel_pool': 1,
  }));
  await Promise.all(clients.map((client) => new Promise<void>((resolve, reject) => {
    client.waitForReady(Date.now() + 10_000, (error) => (error === undefined || error === null ? resolve() : reject(error)));
  })));
  return { send: clients.map((client) => (body: Buffer) => exportCall(client, body)), close: () => clients.forEach((client) => client.close()) };
}

async function runLoad(run: LoadRun): Promise<LoadResult> {
  const channels = await senders(run);
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
  const worker = async (send: (body: Buffer) => Promise<string>): Promise<void> => {
    while (started < limit && performance.now() < deadline) {
      started++;
      const body = list[next++ % list.length];
      bytes += body.length;
      const sent = performance.now();
      const status = await send(body);
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(channels.send.map(worker));
  const elapsedMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  channels.close();
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
