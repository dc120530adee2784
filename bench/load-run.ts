/**
 * The overload test of `modelwatch serve` (issue 7, item 6), shared by
 * `npm run bench:load` (bench/load.ts, 60 s) and test/load/overload.test.ts (a few
 * seconds): the real CLI as a child process on loopback;
 * 1. its capacity C (spans/s), measured in the same run with bench:ingest's
 *    closed-loop client (a few requests in flight, each sent when the last is
 *    answered) until saturation;
 * 2. an open-loop offered load of `factor` x C on a fixed schedule;
 * 3. the invariants: the process stays up, answers only 2xx or 429/503 with
 *    Retry-After, processes exactly the records it acknowledged (client 2xx x spans
 *    per request = the self-metric of accepted spans = the registry's processed
 *    records, once the intake is idle), still answers a normal request, and its RSS
 *    (VmRSS, every 250 ms) stays under the cap.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeTracesJsonRequest } from '../test/helpers/otlp-json-request.js';
import { LoadGenerator } from './ingest-load.js';
import { ingestPayloads, type PayloadShape } from './ingest-payloads.js';
import { OpenLoopClient, type OpenLoopResult } from './load-open-loop.js';
import { RssSampler, ServeProcess, type ServeCounters } from './load-server.js';

/** bench:ingest's throughput shape: 512-span protobuf requests, 4 models, 20 numeric and 4 categorical features. */
export const LOAD_SHAPE: PayloadShape = { models: 4, numericFeatures: 20, categoricalFeatures: 4, spansPerRequest: 512, requests: 8, seed: 42 };

/** serve's intake bounds at their defaults (README, Configuration), which the RSS cap follows from. */
export const DEFAULT_MAX_INFLIGHT_REQUESTS = 64;
export const DEFAULT_MAX_INFLIGHT_BYTES_MIB = 256;

/**
 * The RSS cap (MiB): what serve may hold at most under any load, from its bounds.
 * - 256 MiB: `receiver.max_inflight_bytes`, the most request bytes the intake lets
 *   requests in flight hold (64 x a 64 MiB body would be more: this is the bound
 *   that binds). These bodies (437 KiB) fill 64 x 437 KiB = 28 MiB of it;
 * - 384 MiB for everything else: serve with these 4 models measured 82 MiB at start
 *   and at most 345 MiB under 60 s of overload (28 MiB of it bodies), the growth
 *   being the retraining samples of the 4 versions (README, "Retraining hand-off"),
 *   the V8 heap's slack and the decode of the request being handled; ~20% margin.
 * Without the intake bounds the bytes held would grow with the excess load instead:
 * at 2 x C for 60 s that is C x 60 s x ~870 bytes a span, gigabytes.
 */
export const RSS_CAP_MIB = DEFAULT_MAX_INFLIGHT_BYTES_MIB + 384;

export interface OverloadPlan {
  /** Closed-loop sending before the capacity is measured (reference collection, JIT). */
  readonly warmupMs: number;
  /** After the warm-up, wait for serve to go idle (threshold calibrations on its worker thread) at most this long. */
  readonly calmTimeoutMs: number;
  /** The closed-loop capacity measurement. */
  readonly capacityMs: number;
  /** Requests in flight of the closed-loop client (bench:ingest's 4). */
  readonly capacityConcurrency: number;
  /** Offered load over capacity. */
  readonly factor: number;
  readonly overloadMs: number;
  /** Bound on the requests the open-loop schedule holds. */
  readonly maxRequests: number;
  /** The open-loop client's own bound on unanswered requests (past it: client-dropped). */
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
  /** Longest wait for the intake to drain after the load. */
  readonly drainTimeoutMs: number;
  readonly rssCapMiB: number;
  readonly dataDir?: string;
  /** serve's configuration (YAML); its defaults when unset. */
  readonly configYaml?: string;
}

/** An invariant and whether it held, with the figures it was judged on. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface OverloadReport {
  readonly spansPerRequest: number;
  readonly meanBodyBytes: number;
  readonly capacity: {
    readonly spansPerSecond: number;
    readonly requests: number;
    readonly statuses: Readonly<Record<string, number>>;
    readonly p99Ms: number;
    readonly warmup: { readonly ms: number; readonly calmAfterMs: number | null };
  };
  readonly overload: {
    readonly factor: number;
    readonly offeredSpansPerSecond: number;
    readonly offeredRequestsPerSecond: number;
    readonly acceptedSpansPerSecond: number;
    readonly refusedRequests: number;
    readonly refusedShare: number;
    readonly otherStatuses: Readonly<Record<string, number>>;
    readonly client: OpenLoopResult;
    readonly serverBreaches: Readonly<Record<string, number>>;
  };
  readonly accounting: {
    readonly acknowledgedSpans: number;
    readonly acceptedSpansMetric: number;
    readonly rejectedSpansMetric: number;
    readonly processedRecordsMetric: number;
    readonly drainMs: number;
  };
  readonly rss: { readonly startMiB: number; readonly maxMiB: number; readonly finalMiB: number | undefined; readonly capMiB: number; readonly samples: number };
  readonly afterwards: { readonly up: boolean; readonly normalRequestStatus: number | string; readonly stopExit: string };
  readonly checks: readonly Check[];
  readonly ok: boolean;
}

const TWO_XX = /^2\d\d$/;

/** Runs the whole test; never throws for a broken invariant (see `checks`), only when it cannot run. */
export async function overloadRun(plan: OverloadPlan): Promise<OverloadReport> {
  const payloads = await ingestPayloads(LOAD_SHAPE);
  const spansPerRequest = LOAD_SHAPE.spansPerRequest;
  const meanBodyBytes = Math.round(payloads.protobuf.reduce((sum, b) => sum + b.length, 0) / payloads.protobuf.length);
  const server = await ServeProcess.start({
    ...(plan.dataDir === undefined ? {} : { dataDir: plan.dataDir }),
    ...(plan.configYaml === undefined ? {} : { configYaml: plan.configYaml }),
  });
  const startMiB = server.rssMiB() ?? NaN;
  const rss = new RssSampler(() => server.rssMiB(), 250);
  const closedLoop = LoadGenerator.start();
  const openLoop = OpenLoopClient.start();
  try {
    await closedLoop.load(payloads);
    await openLoop.load(payloads.protobuf);
    const closed = (durationMs: number) => closedLoop.run({ port: server.port, encoding: 'protobuf', concurrency: plan.capacityConcurrency, durationMs });
    let acknowledgedSpans = 0;
    const acknowledge = (statuses: Readonly<Record<string, number>>) => {
      for (const [status, count] of Object.entries(statuses)) if (TWO_XX.test(status)) acknowledgedSpans += count * spansPerRequest;
    };

    // 1. Capacity: the warm-up collects the references; calibrations then run on serve's worker thread, waited for so they do not take a core from the measurement.
    const warmupStart = performance.now();
    acknowledge((await closed(plan.warmupMs)).statuses);
    const calmAfterMs = await untilIdle(server, plan.calmTimeoutMs);
    const warmupMs = Math.round(performance.now() - warmupStart);
    const capacityRun = await closed(plan.capacityMs);
    acknowledge(capacityRun.statuses);
    const capacity = Math.round((capacityRun.requests * spansPerRequest) / (capacityRun.elapsedMs / 1000));

    // 2. Open-loop overload.
    const offeredRequestsPerSecond = (plan.factor * capacity) / spansPerRequest;
    const before = await server.counters();
    const client = await openLoop.run({
      port: server.port, requestsPerSecond: offeredRequestsPerSecond, durationMs: plan.overloadMs,
      maxRequests: plan.maxRequests, maxInFlight: plan.maxInFlight, requestTimeoutMs: plan.requestTimeoutMs,
    });
    acknowledge(client.statuses);

    // 3. Drained: nothing in flight, counters settled; then the accounting.
    const drainStart = performance.now();
    const after = await drained(server, plan.drainTimeoutMs);
    const drainMs = Math.round(performance.now() - drainStart);
    const rssFigures = rss.stop();
    const acceptedOverload = Object.entries(client.statuses).filter(([s]) => TWO_XX.test(s)).reduce((sum, [, n]) => sum + n, 0);
    const refused = (client.statuses['429'] ?? 0) + (client.statuses['503'] ?? 0);
    const otherStatuses = Object.fromEntries(Object.entries(client.statuses).filter(([s]) => !TWO_XX.test(s) && s !== '429' && s !== '503'));
    const up = server.running;
    const normalRequestStatus = up ? await normalRequest(server.port) : 'not running';
    const stopped = await server.stop();
    const stopExit = stopped.signal !== null ? `signal ${stopped.signal}` : `code ${stopped.code}`;

    const serverBreaches = Object.fromEntries(Object.entries(after.breaches).map(([k, v]) => [k, v - (before.breaches[k] ?? 0)]));
    const checks: Check[] = [
      { name: 'process stayed up through the load', ok: up, detail: up ? 'running' : `exited: ${JSON.stringify(server.exit)}; ${server.stderr.slice(-500)}` },
      { name: 'only 2xx and 429/503 answers', ok: Object.keys(otherStatuses).length === 0, detail: JSON.stringify(client.statuses) },
      { name: 'every 429/503 carried Retry-After', ok: client.refusedWithoutRetryAfter === 0, detail: `${client.refusedWithoutRetryAfter} without; values ${JSON.stringify(client.retryAfter)}` },
      { name: 'the excess was refused', ok: refused > 0, detail: `${refused} of ${client.sent} requests sent refused` },
      { name: 'no span rejected', ok: after.rejectedSpans === 0, detail: `${after.rejectedSpans} rejected` },
      {
        name: 'processed exactly what was acknowledged',
        ok: acknowledgedSpans === after.acceptedSpans && after.acceptedSpans === after.processedRecords,
        detail: `acknowledged ${acknowledgedSpans} (2xx x ${spansPerRequest}), accepted ${after.acceptedSpans}, processed ${after.processedRecords}`,
      },
      { name: 'the intake drained', ok: after.queueDepth === 0, detail: `queue depth ${after.queueDepth} after ${drainMs} ms` },
      { name: 'a normal request answered 200 afterwards', ok: normalRequestStatus === 200, detail: String(normalRequestStatus) },
      { name: 'RSS stayed under the cap', ok: rssFigures.maxMiB <= plan.rssCapMiB, detail: `max ${rssFigures.maxMiB} MiB, cap ${plan.rssCapMiB} MiB` },
      { name: 'stopped cleanly on SIGTERM', ok: stopped.code === 0, detail: stopExit },
    ];
    const overloadSeconds = client.elapsedMs / 1000;
    return {
      spansPerRequest,
      meanBodyBytes,
      capacity: { spansPerSecond: capacity, requests: capacityRun.requests, statuses: capacityRun.statuses, p99Ms: capacityRun.latencyMs.p99, warmup: { ms: warmupMs, calmAfterMs } },
      overload: {
        factor: plan.factor,
        offeredSpansPerSecond: Math.round(offeredRequestsPerSecond * spansPerRequest),
        offeredRequestsPerSecond: Number(offeredRequestsPerSecond.toFixed(1)),
        acceptedSpansPerSecond: Math.round((acceptedOverload * spansPerRequest) / overloadSeconds),
        refusedRequests: refused,
        refusedShare: client.sent === 0 ? 0 : Number((refused / client.sent).toFixed(3)),
        otherStatuses,
        client,
        serverBreaches,
      },
      accounting: {
        acknowledgedSpans, acceptedSpansMetric: after.acceptedSpans, rejectedSpansMetric: after.rejectedSpans, processedRecordsMetric: after.processedRecords, drainMs,
      },
      rss: { startMiB: Number(startMiB.toFixed(1)), maxMiB: rssFigures.maxMiB, finalMiB: rssFigures.lastMiB, capMiB: plan.rssCapMiB, samples: rssFigures.samples },
      afterwards: { up, normalRequestStatus, stopExit },
      checks,
      ok: checks.every((c) => c.ok),
    };
  } finally {
    rss.stop();
    closedLoop.close();
    openLoop.close();
    await server.stop();
  }
}

/**
 * Waits until serve uses under 5% of a core over half a second (its calibration
 * thread done); returns how long that took, or null if it was still busy at the bound.
 */
async function untilIdle(server: ServeProcess, timeoutMs: number): Promise<number | null> {
  const start = performance.now();
  let last = server.cpuMs() ?? 0;
  while (performance.now() - start < timeoutMs) {
    await sleep(500);
    const now = server.cpuMs() ?? 0;
    if (now - last < 25) return Math.round(performance.now() - start);
    last = now;
  }
  return null;
}

/** Polls the self-metrics until nothing is in flight and the accepted count stopped moving (or the bound passes). */
async function drained(server: ServeProcess, timeoutMs: number): Promise<ServeCounters> {
  const deadline = performance.now() + timeoutMs;
  let previous = await server.counters();
  for (;;) {
    await sleep(250);
    const now = await server.counters();
    const settled = now.queueDepth === 0 && now.acceptedSpans === previous.acceptedSpans && now.processedRecords === previous.processedRecords;
    if (settled || performance.now() > deadline) return now;
    previous = now;
  }
}

/** One small JSON request, as an instrumented service would send between bursts. */
async function normalRequest(port: number): Promise<number | string> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: encodeTracesJsonRequest([{ 'ml.model.name': 'after-load', 'ml.feature.x': 1 }]), signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return String(error);
  }
}
