import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { status } from '@grpc/grpc-js';
import { decodeMetricsJson } from '../../src/otlp/index.js';
import { JOURNAL_FILE } from '../../src/store/journal-database.js';
import { DATABASE_FILE } from '../../src/store/state-database.js';
import { freePort } from '../helpers/free-port.js';
import { serveWithDataDir as serve, type ServeChild } from '../helpers/serve-child.js';
import { encodeMetrics } from '../otlp/encode-protobuf.js';
import { exportCall } from '../grpc/grpc-export-call.js';

/*
 * Profiles mode with a data dir: one app replica's cumulative §3 metrics reach a real
 * `modelwatch serve` over OTLP/HTTP (JSON) and OTLP/gRPC (protobuf); the child is
 * killed with SIGKILL and restarted on the same data dir. What it showed before the
 * kill must be what it shows after, and the replica's next cumulative export (the
 * replica did not restart) must add exactly what it added: neither lost as a new
 * baseline nor counted twice.
 */
const HOUR_MS = 3_600_000;
const REFERENCE = 100;
/** Rows each export adds: the cumulative totals grow by these. */
const PER_EXPORT = { basic: 30, pro: 20, team: 10 };
const ROWS_PER_EXPORT = PER_EXPORT.basic + PER_EXPORT.pro + PER_EXPORT.team;
/** tenure's values per export in the scale-0 buckets (1,2], (2,4], (4,8]. */
const TENURE_PER_EXPORT = [20, 25, 15];

/** A window duration (a day or more, by the hour) whose next boundary is at least `clearMs` away. */
function windowClearOf(nowMs: number, clearMs: number): number {
  for (let hours = 24; hours <= 48; hours++) {
    if (hours * HOUR_MS - (nowMs % (hours * HOUR_MS)) >= clearMs) return hours * HOUR_MS;
  }
  throw new Error('no window duration between one and two days has its next boundary far enough');
}

const text = (value: string) => ({ stringValue: value });
const attributes = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => ({ key, value: text(value) }));

/** The replica's n-th export (1-based), cumulative since `startMs`, as OTLP/JSON. */
function cumulativeExport(n: number, startMs: number): string {
  const model = { 'ml.model.name': 'churn', 'ml.model.version': '3' };
  const times = { startTimeUnixNano: String(BigInt(startMs) * 1_000_000n), timeUnixNano: String(BigInt(Date.now()) * 1_000_000n) };
  const counter = (name: string, points: { attributes: Record<string, string>; value: number }[]) => ({
    name, sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points.map((p) => ({ ...times, attributes: attributes(p.attributes), asInt: String(p.value) })) },
  });
  return JSON.stringify({
    resourceMetrics: [{
      resource: { attributes: attributes({ 'service.name': 'churn-service', 'service.instance.id': 'replica-1' }) },
      scopeMetrics: [{
        scope: { name: 'modelwatch' },
        metrics: [
          counter('ml.inference.records', [{ attributes: model, value: n * ROWS_PER_EXPORT }]),
          counter('ml.feature.category', Object.entries(PER_EXPORT).map(([plan, count]) => ({
            attributes: { ...model, 'ml.feature.name': 'plan', 'ml.feature.value': plan }, value: n * count,
          }))),
          {
            name: 'ml.feature.value',
            exponentialHistogram: {
              aggregationTemporality: 2,
              dataPoints: [{
                ...times, attributes: attributes({ ...model, 'ml.feature.name': 'tenure' }),
                count: String(n * ROWS_PER_EXPORT), scale: 0, zeroCount: '0',
                positive: { offset: 0, bucketCounts: TENURE_PER_EXPORT.map((c) => String(n * c)) },
              }],
            },
          },
        ],
      }],
    }],
  });
}

async function postJson(child: ServeChild, body: string): Promise<void> {
  const response = await fetch(`${child.base}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200, await response.text());
}

interface Shown {
  readonly models: { models: { model: string; version: string; phase: string; referenceRows: number }[] };
  readonly state: { models: { windowRecords: number }[] };
}

/** The version's phase, reference size and open window, as the admin API shows them. */
async function shown(child: ServeChild): Promise<Shown> {
  const get = async (path: string) => (await fetch(`${child.base}${path}`, { signal: AbortSignal.timeout(10_000) })).json();
  return { models: await get('/admin/models') as Shown['models'], state: await get('/admin/state') as Shown['state'] };
}

/** The signals of the journal's entries after the last snapshot: what a restart replays. */
function toReplay(dataDir: string): string[] {
  const state = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  const journal = new Database(join(dataDir, JOURNAL_FILE), { readonly: true });
  try {
    const { seq } = state.prepare("SELECT through_seq AS seq FROM snapshot WHERE part = 'registry'").get() as { seq: number };
    return (journal.prepare('SELECT signal FROM journal WHERE seq > ? ORDER BY seq').all(seq) as { signal: string }[]).map((row) => row.signal);
  } finally {
    state.close();
    journal.close();
  }
}

test('profiles-mode metrics over HTTP and gRPC survive a SIGKILL: the window after a restart is the one before, and the next cumulative export adds exactly its rows', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-profiles-kill-'));
  const configFile = join(dir, 'modelwatch.yaml');
  const dataDir = join(dir, 'data');
  const windowMs = windowClearOf(Date.now(), HOUR_MS);
  const boundary = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
  writeFileSync(configFile, `windows: { duration: ${windowMs}ms }\nreference: { size: ${REFERENCE} }\n`);
  const children: ServeChild[] = [];
  try {
    const grpcPort = await freePort();
    const first = await serve(dataDir, configFile, { grpcPort });
    children.push(first);
    // The replica starts after the processor: its first cumulative point counts in full.
    const replicaStart = Date.now();
    await postJson(first, cumulativeExport(1, replicaStart));
    // Completes the reference (100 of 120 rows): its commit snapshots the state, series included.
    await postJson(first, cumulativeExport(2, replicaStart));
    const third = encodeMetrics(decodeMetricsJson(cumulativeExport(3, replicaStart)), { packed: true });
    const overGrpc = await exportCall(grpcPort, 'metrics', third);
    assert.equal(overGrpc.code, status.OK, overGrpc.details);
    assert.equal(overGrpc.partial, undefined, 'every point taken');
    const before = await shown(first) as Shown;
    assert.deepEqual(before.models.models.map(({ model, version, phase, referenceRows }) => ({ model, version, phase, referenceRows })),
      [{ model: 'churn', version: '3', phase: 'monitoring', referenceRows: REFERENCE }]);
    const windowBefore = before.state.models[0].windowRecords;
    assert.equal(windowBefore, 3 * ROWS_PER_EXPORT - REFERENCE, 'the window holds what the exports added past the reference');
    assert.ok(toReplay(dataDir).includes('metrics'), 'metrics requests wait in the journal after the snapshot, for a restart to replay');

    first.process.kill('SIGKILL');
    await first.exited;
    const second = await serve(dataDir, configFile, { grpcPort: await freePort() });
    children.push(second);
    assert.deepEqual(await shown(second), before, 'the reference and the window as they were before the kill');

    await postJson(second, cumulativeExport(4, replicaStart));
    const after = await shown(second);
    assert.equal(after.state.models[0].windowRecords, windowBefore + ROWS_PER_EXPORT, 'the next cumulative export adds its own rows, no more, no less');
    assert.ok(Date.now() < boundary, 'no window closed during the runs');
  } finally {
    for (const child of children) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    rmSync(dir, { recursive: true, force: true });
  }
});
