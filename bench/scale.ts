/**
 * Scale-out benchmark (issue 9, item 5): throughput of one `modelwatch serve` replica
 * against three behind a loopback router that splits spans by `ml.model.name`
 * (bench/scale-router.ts, standing in for the Collector's load_balancing exporter),
 * all measured in one run on the same input:
 *   a) one replica fed directly (the baseline);
 *   b) the router alone in front of trivial sinks (what routing costs per span);
 *   c) one replica behind the router;
 *   d) three replicas behind the router;
 *   e) three replicas fed directly by clients that route for themselves (the
 *      bodies split before timing: the replicas' capacity without the router).
 * Every phase is bench:ingest's closed loop (a few requests in flight) for the same
 * time, after a warm-up and a wait for the replicas' threshold calibrations; every
 * process's CPU time is read around it. Prints JSON (stdout) and a short table
 * (stderr); then a projection for more cores, labelled as one (bench/scale-projection.ts).
 * Exits 1 when an accounting check fails (a replica did not take exactly what was acknowledged).
 *
 * Run: flock /tmp/bench.lock npm run bench:scale [-- --quick] [-- --seconds S] [-- --data-dir]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LoadGenerator } from './ingest-load.js';
import { ingestPayloads, modelName, type IngestPayloads, type PayloadShape } from './ingest-payloads.js';
import { RssSampler, ServeProcess } from './load-server.js';
import { machine } from './machine.js';
import { ScaleChild } from './scale-child.js';
import { acceptedOn, round, runPhase, untilAllIdle, type Feed, type Metered, type PhaseResult } from './scale-phase.js';
import { project } from './scale-projection.js';
import { replicaOf, splitByModel } from './scale-split.js';
import { measureStateMove, stateMoveLines } from './scale-state-move.js';

const REPLICAS = 3;
/** 12 models so the hash spreads them over 3 replicas; 42 spans of each per request, so every replica's part of a request has a fixed span count. */
const SHAPE: PayloadShape = { models: 12, numericFeatures: 20, categoricalFeatures: 4, spansPerRequest: 12 * 42, requests: 8, seed: 42 };

/**
 * serve's defaults a model version passes through before it runs as it will for days:
 * its first `reference.size` records make its reference, and its retraining sample
 * (`samples.size`) takes every record until it is full, after which it keeps only a
 * few. A phase measured before that would charge the fill to whichever setup came first.
 */
const REFERENCE_SIZE = 1_000;
const SAMPLE_SIZE = 10_000;

interface Plan {
  /** Requests sent before measuring a fresh setup: every model past its reference and its sample fill. */
  readonly warmupRequests: number;
  /** Before a router phase on replicas already warm: the router's own warm-up (JIT, connections). */
  readonly routerWarmupMs: number;
  readonly measureMs: number;
  readonly calmTimeoutMs: number;
  readonly concurrency: number;
  readonly dataDir: boolean;
}

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} takes a positive number, got "${text}"`);
  return value;
}

/** Replicas started together, each with its RSS sampled for its whole life and, with --data-dir, a temporary data dir of its own. */
class ReplicaSet {
  readonly #samplers: RssSampler[];
  readonly #dirs: string[];
  readonly startMiB: number[];

  private constructor(readonly replicas: ServeProcess[], dirs: string[]) {
    this.#dirs = dirs;
    this.startMiB = replicas.map((r) => round(r.rssMiB() ?? NaN, 1));
    this.#samplers = replicas.map((r) => new RssSampler(() => r.rssMiB(), 250));
  }

  static async start(count: number, dataDir: boolean): Promise<ReplicaSet> {
    const dirs = dataDir ? Array.from({ length: count }, () => mkdtempSync(join(tmpdir(), 'modelwatch-scale-'))) : [];
    // One after the other: started together they would compete for the two cores while loading.
    const replicas: ServeProcess[] = [];
    for (let i = 0; i < count; i++) replicas.push(await ServeProcess.start(dataDir ? { dataDir: dirs[i] } : {}));
    return new ReplicaSet(replicas, dirs);
  }

  get ports(): number[] {
    return this.replicas.map((r) => r.port);
  }

  metered(prefix: string): Metered[] {
    return this.replicas.map((r, i) => ({ name: `${prefix}${i}`, cpuMs: () => r.cpuMs() }));
  }

  /** Stops them; their RSS (MiB) at start, at most, and at the end. */
  async stop(): Promise<{ startMiB: number; maxMiB: number; lastMiB: number | undefined }[]> {
    const rss = this.#samplers.map((s, i) => ({ startMiB: this.startMiB[i], ...s.stop() }));
    await Promise.all(this.replicas.map((r) => r.stop()));
    for (const dir of this.#dirs) rmSync(dir, { recursive: true, force: true });
    return rss.map(({ startMiB, maxMiB, lastMiB }) => ({ startMiB, maxMiB, lastMiB }));
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { quick: { type: 'boolean' }, seconds: { type: 'string' }, concurrency: { type: 'string' }, 'data-dir': { type: 'boolean' } },
  });
  const quick = values.quick === true;
  const plan: Plan = {
    // Past the fill, the sample still replaces a record with probability size / records seen, so its cost fades slowly:
    // a full run goes to five times the fill (--quick to just past it), so phases on fresh replicas are not charged it.
    warmupRequests: Math.ceil(((quick ? 1.2 : 5) * (REFERENCE_SIZE + SAMPLE_SIZE)) / (SHAPE.spansPerRequest / SHAPE.models)),
    routerWarmupMs: quick ? 1_000 : 2_000,
    measureMs: positive('seconds', values.seconds, quick ? 3 : 10) * 1000,
    calmTimeoutMs: quick ? 30_000 : 120_000,
    concurrency: Math.floor(positive('concurrency', values.concurrency, 4)),
    dataDir: values['data-dir'] === true,
  };
  const began = performance.now();
  const payloads = await ingestPayloads(SHAPE);
  const spansPerRequest = SHAPE.spansPerRequest;

  // The same requests cut per replica, before anything is timed, for the clients that route for themselves (e).
  const splits = payloads.protobuf.map((body) => splitByModel(body, REPLICAS));
  const owned = Array.from({ length: REPLICAS }, (_, replica) => Array.from({ length: SHAPE.models }, (_, i) => modelName(i)).filter((m) => replicaOf(m, REPLICAS) === replica));
  const partSpans = owned.map((models) => models.length * (spansPerRequest / SHAPE.models));
  const checks: Check[] = [];
  const accounting = (name: string, acknowledged: number, taken: number) => checks.push({
    name: `${name}: the replicas took exactly the spans acknowledged`, ok: acknowledged === taken, detail: `acknowledged ${acknowledged}, replicas' accepted counters rose by ${taken}`,
  });
  for (let replica = 0; replica < REPLICAS; replica++) {
    const ok = splits.every((s) => s.spans[replica] === partSpans[replica]);
    checks.push({ name: `every part for replica ${replica} holds its models' ${partSpans[replica]} spans`, ok, detail: JSON.stringify(splits.map((s) => s.spans[replica])) });
  }

  const client = LoadGenerator.start();
  const ownClients = Array.from({ length: REPLICAS }, () => LoadGenerator.start());
  const results: Record<string, PhaseResult> = {};
  const calm: Record<string, number | null> = {};
  const rss: Record<string, unknown> = {};
  const routerRss: Record<string, number> = {};
  try {
    await client.load(payloads);
    await Promise.all(ownClients.map((c, replica) => c.load(partPayloads(payloads, splits.map((s) => s.parts[replica]!)))));
    const feed = (port: number): Feed[] => [{ client, port, spansPerBody: spansPerRequest }];
    const warm = (feeds: readonly Feed[]) => runPhase(feeds, [], { requests: plan.warmupRequests }, plan.concurrency);
    const warmRouter = (feeds: readonly Feed[]) => runPhase(feeds, [], { durationMs: plan.routerWarmupMs }, plan.concurrency);
    const measure = { durationMs: plan.measureMs };
    const routerMetered = (router: ScaleChild): Metered => ({ name: 'router', cpuMs: async () => (await router.usage()).cpuMs });

    // a) and c): one replica, fed directly, then through the router.
    const one = await ReplicaSet.start(1, plan.dataDir);
    try {
      await warm(feed(one.ports[0]));
      calm.a = await untilAllIdle(one.replicas, plan.calmTimeoutMs);
      let before = await acceptedOn(one.replicas);
      results.a = await runPhase(feed(one.ports[0]), one.metered('replica'), measure, plan.concurrency);
      accounting('a', results.a.acceptedSpans, (await acceptedOn(one.replicas)) - before);
      const router = await ScaleChild.router(one.ports);
      try {
        await warmRouter(feed(router.ports[0]));
        before = await acceptedOn(one.replicas);
        results.c = await runPhase(feed(router.ports[0]), [...one.metered('replica'), routerMetered(router)], measure, plan.concurrency);
        accounting('c', results.c.acceptedSpans, (await acceptedOn(one.replicas)) - before);
        routerRss.c = round((await router.usage()).rssMiB, 1);
      } finally {
        await router.stop();
      }
    } finally {
      rss.oneReplica = await one.stop();
    }

    // b): the router in front of sinks that answer at once: its own cost per span, split three ways as in (d).
    const sinks = await ScaleChild.sinks(REPLICAS);
    const sinkRouter = await ScaleChild.router(sinks.ports);
    try {
      await warmRouter(feed(sinkRouter.ports[0]));
      results.b = await runPhase(feed(sinkRouter.ports[0]), [routerMetered(sinkRouter), { name: 'sinks', cpuMs: async () => (await sinks.usage()).cpuMs }], measure, plan.concurrency);
      routerRss.b = round((await sinkRouter.usage()).rssMiB, 1);
    } finally {
      await sinkRouter.stop();
      await sinks.stop();
    }

    // d) and e): three replicas, through the router, then fed by clients that route for themselves.
    const three = await ReplicaSet.start(REPLICAS, plan.dataDir);
    try {
      const router = await ScaleChild.router(three.ports);
      try {
        await warm(feed(router.ports[0]));
        calm.d = await untilAllIdle(three.replicas, plan.calmTimeoutMs);
        const before = await acceptedOn(three.replicas);
        results.d = await runPhase(feed(router.ports[0]), [...three.metered('replica'), routerMetered(router)], measure, plan.concurrency);
        accounting('d', results.d.acceptedSpans, (await acceptedOn(three.replicas)) - before);
        const stats = (await router.usage()).router!;
        checks.push({ name: 'd: the router sent every model to its owner only', ok: Object.entries(stats.models).every(([m, s]) => s.replica === replicaOf(m, REPLICAS)), detail: JSON.stringify(stats.spansPerReplica) });
        checks.push({ name: 'd: no replica answered with partial_success', ok: stats.partialSuccessAnswers === 0, detail: String(stats.partialSuccessAnswers) });
        routerRss.d = round((await router.usage()).rssMiB, 1);
      } finally {
        await router.stop();
      }
      const ownFeeds = ownClients.map((c, replica): Feed => ({ client: c, port: three.ports[replica], spansPerBody: partSpans[replica] }));
      const before = await acceptedOn(three.replicas);
      results.e = await runPhase(ownFeeds, three.metered('replica'), measure, plan.concurrency);
      accounting('e', results.e.acceptedSpans, (await acceptedOn(three.replicas)) - before);
    } finally {
      rss.threeReplicas = await three.stop();
    }
  } finally {
    client.close();
    for (const c of ownClients) c.close();
  }

  const baseline = results.a.spansPerSecond;
  const micros = (phase: PhaseResult, name: string) => phase.processes.filter((p) => p.name.startsWith(name)).reduce((sum, p) => sum + p.cpuMicrosPerSpan, 0);
  const projection = project({
    replicaSpansPerSecond: baseline,
    replicaCores: results.a.processes.find((p) => p.name === 'replica0')!.cores,
    routerMicrosPerSpan: micros(results.b, 'router'),
    modelsPerReplica: owned.map((m) => m.length),
    measuredBehindRouter: results.d.spansPerSecond,
    allProcessesMicrosPerSpan: micros(results.d, ''),
    cores: machine().cores,
  });
  const stateMove = await measureStateMove(quick ? 20 : 200);
  const report = {
    benchmark: 'scale',
    machine: machine(),
    caveat: `${machine().cores} cores: in (d) three replicas, the router and the client share them, and in (e) three replicas and three clients do; `
      + 'so (d) and (e) measure what this machine\'s CPU allows, not what three replicas do side by side. The projection below is computed, not measured.',
    method: 'the real CLI (node dist/src/cli/main.js serve, defaults: 60 s windows) as child processes on 127.0.0.1'
      + `${plan.dataDir ? ', each with --data-dir (its own temporary dir)' : ', no data dir'}; payload: bench:ingest's protobuf requests made by the OpenTelemetry SDK `
      + `(${spansPerRequest} spans, ${SHAPE.models} models round-robin, ${SHAPE.numericFeatures} numeric and ${SHAPE.categoricalFeatures} categorical features); `
      + `every phase: bench:ingest's closed-loop client process (${plan.concurrency} requests in flight per client) for ${plan.measureMs / 1000} s; fresh replicas first get `
      + `${plan.warmupRequests} requests (every model past its ${REFERENCE_SIZE}-record reference and its ${SAMPLE_SIZE}-record retraining sample fill) and a wait for them to go idle `
      + `(threshold calibrations); a router gets ${plan.routerWarmupMs / 1000} s of its own; router: bench/scale-router.ts in its own process, FNV-1a of ml.model.name mod N; `
      + 'CPU: /proc of each replica, process.cpuUsage() of the router and the clients; RSS: VmRSS every 250 ms',
    plan,
    modelsPerReplica: owned.map((models, replica) => ({ replica, models: models.length, names: models, spansPerRequest: partSpans[replica] })),
    phases: {
      a_oneReplicaDirect: results.a,
      b_routerAloneIntoSinks: results.b,
      c_oneReplicaBehindRouter: results.c,
      d_threeReplicasBehindRouter: results.d,
      e_threeReplicasClientRouted: results.e,
    },
    overOneReplica: Object.fromEntries(['b', 'c', 'd', 'e'].map((k) => [k, round(results[k].spansPerSecond / baseline, 2)])),
    routerMicrosPerSpan: { b: micros(results.b, 'router'), c: micros(results.c, 'router'), d: micros(results.d, 'router') },
    replicaMicrosPerSpan: { a: micros(results.a, 'replica'), c: micros(results.c, 'replica'), d: micros(results.d, 'replica'), e: micros(results.e, 'replica') },
    calmAfterMs: calm,
    rssMiB: { ...rss, router: routerRss },
    // Phase f: what a model costs to move when the ring changes (README "When a model moves"), after the replicas are stopped.
    stateMove,
    projection,
    checks,
    ok: checks.every((c) => c.ok),
    seconds: round((performance.now() - began) / 1000, 1),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(summary(report.caveat, results, baseline, projection));
  process.stderr.write(['f) moving one model version between two replicas (baseline: the time its window took to ingest):', ...stateMoveLines(stateMove).map((line) => `  ${line}`), ''].join('\n'));
  for (const check of checks) if (!check.ok) process.stderr.write(`scale: FAILED: ${check.name}: ${check.detail}\n`);
  return report.ok ? 0 : 1;
}

/** The bodies one self-routing client sends: replica i's part of each request. */
function partPayloads(payloads: IngestPayloads, parts: readonly Uint8Array[]): IngestPayloads {
  return { ...payloads, protobuf: parts.map((p) => Buffer.from(p)), json: [] };
}

function summary(caveat: string, results: Record<string, PhaseResult>, baseline: number, projection: ReturnType<typeof project>): string {
  const names: Record<string, string> = {
    a: 'a) one replica, direct (baseline)', b: 'b) router alone, into sinks', c: 'c) one replica behind the router',
    d: 'd) three replicas behind the router', e: 'e) three replicas, client routes itself',
  };
  const lines = Object.entries(names).map(([k, name]) => {
    const r = results[k];
    const costs = r.processes.map((p) => `${p.name} ${p.cpuMicrosPerSpan} µs/span (${p.cores} cores)`).join(', ');
    return `${name.padEnd(42)} ${String(r.spansPerSecond).padStart(8)} spans/s  ${(r.spansPerSecond / baseline).toFixed(2)} x a  p99 ${r.p99Ms} ms  | ${costs}; others on the machine ${r.otherCores} cores, stolen ${r.stolenCores}`;
  });
  const byCores = projection.byCores.map((p) => `  ${p.cores} cores (${projection.replicas} replicas, ${p.routers} router process${p.routers > 1 ? 'es' : ''}): ${p.spansPerSecond} spans/s, ${p.overOneReplica} x one replica, limited by ${p.limitedBy}`);
  return [
    '', ...lines, '', `NOTE: ${caveat}`,
    `This machine's CPU bound for (d): ${projection.thisMachineCpuBound.spansPerSecond} spans/s (all cores / summed CPU per span); measured ${projection.thisMachineCpuBound.measured}.`,
    `PROJECTION (computed from the costs above, not measured): busiest replica's share ${projection.busiestShare} caps ${projection.replicas} replicas at ${projection.replicasBound} spans/s `
      + `(${projection.evenSpreadBound} if models spread evenly); one router process ~${projection.routerProcessSpansPerSecond} spans/s.`,
    ...byCores, '',
  ].join('\n');
}

process.exitCode = await main();
