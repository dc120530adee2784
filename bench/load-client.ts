/**
 * The open-loop client process (forked by bench/load-open-loop.ts): sends the
 * prepared protobuf bodies to POST /v1/traces on a fixed schedule, each on a
 * keep-alive connection of its own while it is unanswered, and records every answer.
 */
import { Agent, request } from 'node:http';
import { latencySummary } from './ingest-load.js';
import type { OpenLoopCommand, OpenLoopReply, OpenLoopResult, OpenLoopRun } from './load-open-loop.js';

/** How often the schedule is checked (ms): requests due in between leave together. */
const TICK_MS = 1;

let bodies: Buffer[] = [];

function reply(message: OpenLoopReply): void {
  process.send!(message);
}

interface Answer {
  readonly status: string;
  readonly retryAfter: string | undefined;
  readonly latencyMs: number;
}

/**
 * One POST; resolves with the status once the answer is complete, or 'error'. The
 * status counts from the response's head: a server that refuses without reading the
 * body closes the connection after its answer, and the reset that may follow is not
 * a second outcome.
 */
function post(agent: Agent, run: OpenLoopRun, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const sent = performance.now();
    let head: { status: string; retryAfter: string | undefined } | undefined;
    let settled = false;
    const settle = (status: string, retryAfter: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve({ status, retryAfter, latencyMs: performance.now() - sent });
    };
    const req = request({
      agent, host: '127.0.0.1', port: run.port, method: 'POST', path: '/v1/traces',
      headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length },
    }, (res) => {
      const retryAfter = res.headers['retry-after'];
      head = { status: String(res.statusCode), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter };
      res.on('data', () => undefined);
      res.on('end', () => settle(head!.status, head!.retryAfter));
      res.on('error', () => settle(head!.status, head!.retryAfter));
    });
    req.setTimeout(run.requestTimeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', () => (head === undefined ? settle('error', undefined) : settle(head.status, head.retryAfter)));
    req.end(body);
  });
}

async function runOpenLoop(run: OpenLoopRun): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: run.maxInFlight });
  const scheduled = Math.min(run.maxRequests, Math.floor((run.durationMs / 1000) * run.requestsPerSecond));
  const intervalMs = 1000 / run.requestsPerSecond;
  const statuses: Record<string, number> = {};
  const retryAfter: Record<string, number> = {};
  const acceptedLatencies: number[] = [];
  const lags: number[] = [];
  let refusedWithoutRetryAfter = 0;
  let issued = 0;
  let sent = 0;
  let clientDropped = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  let lastAnswer = 0;
  const answers: Promise<void>[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();

  const sendOne = (body: Buffer) => {
    sent++;
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    answers.push(post(agent, run, body).then((answer) => {
      inFlight--;
      lastAnswer = performance.now();
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status.startsWith('2')) acceptedLatencies.push(answer.latencyMs);
      if (answer.status === '429' || answer.status === '503') {
        if (answer.retryAfter === undefined) refusedWithoutRetryAfter++;
        else retryAfter[answer.retryAfter] = (retryAfter[answer.retryAfter] ?? 0) + 1;
      }
    }));
  };

  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(scheduled, Math.floor((now - start) / intervalMs) + 1);
      for (; issued < due; issued++) {
        lags.push(now - (start + issued * intervalMs));
        if (inFlight >= run.maxInFlight) clientDropped++;
        else sendOne(bodies[issued % bodies.length]);
      }
      if (issued < scheduled) setTimeout(tick, TICK_MS);
      else done();
    };
    tick();
  });
  await Promise.all(answers);
  const elapsedMs = (lastAnswer || performance.now()) - start;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  const lag = latencySummary(lags);
  return {
    scheduled, sent, clientDropped, statuses, refusedWithoutRetryAfter, retryAfter,
    acceptedLatencyMs: latencySummary(acceptedLatencies),
    elapsedMs: Math.round(elapsedMs),
    sendLagMs: { p50: lag.p50, p99: lag.p99, max: lag.max },
    mostInFlight,
    clientCpuCores: Number(((used.user + used.system) / 1000 / elapsedMs).toFixed(2)),
  };
}

process.on('message', (command: OpenLoopCommand) => {
  if (command.kind === 'bodies') {
    bodies = command.protobuf.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    reply({ kind: 'ready' });
    return;
  }
  runOpenLoop(command).then(
    (result) => reply({ kind: 'result', ...result }),
    (error: unknown) => reply({ kind: 'failed', message: String(error) }),
  );
});
