/**
 * What durable state (`serve --data-dir`, src/store) costs, printed as JSON:
 * - ingest throughput (spans/s) without and with a data dir, in the same run, each
 *   measured twice in alternation so the order does not favour one, for three
 *   clients: plain protobuf with 8 requests in flight, the same gzipped (what a
 *   Collector sends), and plain with 16 in flight;
 * - the feedback join rate (labels joined per second) without and with;
 * - the database's size (file + WAL) at milestones of records taken: bounded by the
 *   state and the journal's snapshot bound, not by the records.
 * The processor runs in this process on one core, the OTLP client in a child process
 * on the other (bench/ingest-load.ts); feedback is posted from this process.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load-config.js';
import { Processor } from '../src/serve/processor.js';
import { JOURNAL_FILE } from '../src/store/journal-database.js';
import { DATABASE_FILE } from '../src/store/state-database.js';
import { encodeTracesJsonRequest } from '../test/helpers/otlp-json-request.js';
import { ingestPayloads } from './ingest-payloads.js';
import { LoadGenerator } from './ingest-load.js';
import { machine } from './machine.js';

const SHAPE = { models: 4, numericFeatures: 8, categoricalFeatures: 4, spansPerRequest: 200, requests: 64, seed: 7 } as const;
const CONCURRENCY = 8;
const MEASURE_MS = 8_000;
const MILESTONES = [250_000, 500_000, 1_000_000, 2_000_000];
const JOIN_PREDICTIONS = 100_000;
const LABELS_PER_REQUEST = 1_000;

async function startProcessor(dataDir: string | undefined, extra = ''): Promise<Processor> {
  const processor = new Processor(parseConfig([
    'receiver: { host: 127.0.0.1, port: 0, grpc_port: 0 }',
    'prometheus: { port: 0 }',
    'windows: { duration: 1h }',
    ...(dataDir === undefined ? [] : [`data_dir: ${JSON.stringify(dataDir)}`]),
    extra,
  ].join('\n'), { name: 'bench-durability.yaml', baseDir: process.cwd() }));
  await processor.start();
  return processor;
}

/** The data dir's files: the state's and the journal's databases, each with its WAL and shared memory. */
function databaseBytes(dataDir: string): number {
  let bytes = 0;
  for (const file of [DATABASE_FILE, JOURNAL_FILE]) {
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        bytes += statSync(join(dataDir, file + suffix)).size;
      } catch {
        // absent: 0
      }
    }
  }
  return bytes;
}

/** How the client sends in an ingest run. */
interface ClientShape {
  readonly gzip: boolean;
  readonly concurrency: number;
}

async function ingest(load: LoadGenerator, durable: boolean, client: ClientShape): Promise<{ spansPerSecond: number; p99Ms: number; statuses: Record<string, number>; commits?: number; requestsPerCommit?: number; snapshots?: number }> {
  const dataDir = durable ? mkdtempSync(join(tmpdir(), 'modelwatch-bench-')) : undefined;
  const processor = await startProcessor(dataDir);
  try {
    const port = processor.receiver.address().port;
    await load.run({ port, encoding: 'protobuf', ...client, requests: 200 });
    const before = processor.durable?.journal.commits ?? 0;
    const beforeEntries = processor.durable?.journal.entriesCommitted ?? 0;
    const snapshotsBefore = processor.durable?.snapshots ?? 0;
    const result = await load.run({ port, encoding: 'protobuf', ...client, durationMs: MEASURE_MS });
    const commits = (processor.durable?.journal.commits ?? 0) - before;
    const entries = (processor.durable?.journal.entriesCommitted ?? 0) - beforeEntries;
    return {
      spansPerSecond: Math.round((result.requests * SHAPE.spansPerRequest) / (result.elapsedMs / 1000)),
      p99Ms: result.latencyMs.p99,
      statuses: { ...result.statuses },
      ...(durable ? { commits, requestsPerCommit: Number((entries / Math.max(commits, 1)).toFixed(2)), snapshots: (processor.durable?.snapshots ?? 0) - snapshotsBefore } : {}),
    };
  } finally {
    await processor.shutdown();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function growth(load: LoadGenerator): Promise<{ records: number; databaseBytes: number; receivedBodyBytes: number; snapshots: number }[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-bench-'));
  const processor = await startProcessor(dataDir);
  const points = [];
  try {
    const port = processor.receiver.address().port;
    let records = 0;
    let bytes = 0;
    for (const milestone of MILESTONES) {
      const requests = Math.ceil((milestone - records) / SHAPE.spansPerRequest);
      const result = await load.run({ port, encoding: 'protobuf', concurrency: CONCURRENCY, requests });
      records += result.requests * SHAPE.spansPerRequest;
      bytes += result.bytes;
      points.push({ records, databaseBytes: databaseBytes(dataDir), receivedBodyBytes: bytes, snapshots: processor.durable?.snapshots ?? 0 });
    }
  } finally {
    await processor.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return points;
}

/** Predictions with known ids, then their labels in batches: labels joined per second while posting them. */
async function joinRate(durable: boolean): Promise<{ labelsJoinedPerSecond: number; joined: number }> {
  const dataDir = durable ? mkdtempSync(join(tmpdir(), 'modelwatch-bench-')) : undefined;
  const processor = await startProcessor(dataDir, 'feedback: { retain_predictions: always }');
  try {
    const base = `http://127.0.0.1:${processor.receiver.address().port}`;
    const post = async (path: string, body: string) => {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    };
    for (let start = 0; start < JOIN_PREDICTIONS; start += LABELS_PER_REQUEST) {
      const spans = [];
      for (let i = start; i < start + LABELS_PER_REQUEST; i++) {
        spans.push({ 'ml.model.name': 'scored', 'ml.inference.id': `p${i}`, 'ml.feature.x': i % 97, 'ml.prediction': i % 2, 'ml.prediction.score': (i % 100) / 100 });
      }
      await post('/v1/traces', encodeTracesJsonRequest(spans));
    }
    const bodies: string[] = [];
    for (let start = 0; start < JOIN_PREDICTIONS; start += LABELS_PER_REQUEST) {
      const labels = [];
      for (let i = start; i < start + LABELS_PER_REQUEST; i++) labels.push({ 'ml.model.name': 'scored', 'ml.inference.id': `p${i}`, 'ml.label': (i * 7) % 2 });
      bodies.push(JSON.stringify(labels));
    }
    const joinedBefore = processor.registry.joinStats()?.joined ?? 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < bodies.length) await post('/v1/feedback', bodies[next++]);
    }));
    const seconds = (performance.now() - started) / 1000;
    const joined = (processor.registry.joinStats()?.joined ?? 0) - joinedBefore;
    return { labelsJoinedPerSecond: Math.round(joined / seconds), joined };
  } finally {
    await processor.shutdown();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const payloads = await ingestPayloads(SHAPE);
  const load = LoadGenerator.start();
  try {
    await load.load(payloads);
    const clients: Record<string, ClientShape> = {
      plain: { gzip: false, concurrency: CONCURRENCY },
      // What a Collector sends: gzip (its OTLP exporter's default); the journal then keeps the compressed bytes.
      gzip: { gzip: true, concurrency: CONCURRENCY },
      // More in flight: a commit's latency is then hidden by more requests waiting in it.
      plainMoreInFlight: { gzip: false, concurrency: 2 * CONCURRENCY },
    };
    const ingestRuns: ({ client: string; durable: boolean } & Awaited<ReturnType<typeof ingest>>)[] = [];
    for (const [client, shape] of Object.entries(clients)) {
      for (const durable of [false, true, false, true]) ingestRuns.push({ client, durable, ...(await ingest(load, durable, shape)) });
    }
    const best = (client: string, durable: boolean) => Math.max(...ingestRuns.filter((r) => r.client === client && r.durable === durable).map((r) => r.spansPerSecond));
    const byClient = Object.fromEntries(Object.entries(clients).map(([client, shape]) => [client, {
      ...shape,
      bestSpansPerSecond: { off: best(client, false), on: best(client, true) },
      onOverOff: Number((best(client, true) / best(client, false)).toFixed(3)),
    }]));
    const join = { off: await joinRate(false), on: await joinRate(true) };
    const sizes = await growth(load);
    process.stdout.write(`${JSON.stringify({
      benchmark: 'durability',
      machine: machine(),
      shape: { ...SHAPE, concurrency: CONCURRENCY, measureMs: MEASURE_MS, encoding: 'protobuf' },
      ingest: { byClient, runs: ingestRuns },
      feedbackJoin: join,
      databaseGrowth: sizes.map((p) => ({ ...p, databaseBytesPerMillionRecords: Math.round(p.databaseBytes / (p.records / 1e6)) })),
    }, null, 2)}\n`);
  } finally {
    load.close();
  }
}

await main();
