import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';
import { SingleRowBatch } from '../../src/extract/single-row-batch.js';
import { sameShape, SpanRowsBatch } from '../../src/extract/span-rows-batch.js';
import { DiscreteNumericProfile } from '../../src/evaluate/window/discrete-numeric-profile.js';
import { FeatureMonitor } from '../../src/evaluate/window/feature-monitor.js';
import { featureReference } from '../../src/evaluate/window/feature-reference-of-values.js';
import type { MonitoredFeature, WindowProfile } from '../../src/model/feature-monitor.js';
import { PREDICTION, PREDICTION_SCORE } from '../../src/model/output-features.js';
import { WindowAccumulator } from '../../src/model/window-accumulator.js';
import { seededRandom, standardNormal } from '../helpers/seeded-random.js';

const random = seededRandom(5);
const monitor = (values: unknown[]): MonitoredFeature => new FeatureMonitor(featureReference(values), { calibration: false });

/** One monitor of each window profile kind, and both outputs. */
const MONITORS = new Map<string, MonitoredFeature>([
  ['num', monitor(Array.from({ length: 200 }, () => standardNormal(random) * 10))],
  ['small', monitor(Array.from({ length: 200 }, () => Math.floor(random() * 3)))],
  ['cat', monitor(Array.from({ length: 200 }, () => ['a', 'b', 'c'][Math.floor(random() * 3)]))],
  [PREDICTION, monitor(Array.from({ length: 200 }, () => random()))],
  [PREDICTION_SCORE, monitor(Array.from({ length: 200 }, () => random()))],
]);

/** One record as a span may carry it: features by name (absent ones left out) and the outputs. */
interface Record {
  readonly features: Map<string, FeatureValue>;
  readonly prediction: FeatureValue | undefined;
  readonly score: number | null | undefined;
  readonly spanId: string;
}

function randomValue(): FeatureValue {
  const r = random();
  if (r < 0.1) return null;
  if (r < 0.15) return 'text';
  if (r < 0.2) return NaN;
  if (r < 0.25) return true;
  if (r < 0.3) return Math.floor(random() * 4);
  if (r < 0.4) return ['a', 'b', 'd', ''][Math.floor(random() * 4)];
  return standardNormal(random) * 10;
}

function randomRecord(i: number): Record {
  const features = new Map<string, FeatureValue>();
  // Monitored features mostly present, an unknown one sometimes, an input named like an output rarely.
  for (const name of ['num', 'small', 'cat']) if (random() < 0.9) features.set(name, randomValue());
  if (random() < 0.1) features.set('extra', randomValue());
  if (random() < 0.05) features.set(PREDICTION, randomValue());
  // Mostly the same order in every row, as one service sends them; sometimes another.
  const entries = [...features];
  if (random() < 0.2) entries.reverse();
  return {
    features: new Map(entries),
    prediction: random() < 0.9 ? randomValue() : undefined,
    score: random() < 0.7 ? (random() < 0.1 ? null : random()) : undefined,
    spanId: i.toString(16).padStart(16, '0'),
  };
}

/** The record as extraction makes it of a single-row span: a row. */
function asRow(record: Record): InferenceBatch {
  return new SingleRowBatch({
    model: 'm', version: 'v', task: '', timeUnixMs: 0, ids: { traceId: 'ab'.repeat(16), spanId: record.spanId }, inferenceId: undefined,
    row: { featureNames: [...record.features.keys()], featureValues: [...record.features.values()], prediction: record.prediction, score: record.score },
    label: undefined, probabilityClasses: undefined, probabilityValues: undefined, errorType: undefined,
  });
}

/** The records as one batch of columns (no row), absent values as null: what a batch span gives. */
function asColumns(records: readonly Record[], absentAsNull: boolean): InferenceBatch {
  const names = new Set(records.flatMap((r) => [...r.features.keys()]));
  const column = <T>(value: (r: Record) => T | undefined): T[] | undefined => {
    const values = records.map(value);
    if (values.every((v) => v === undefined)) return undefined;
    if (!absentAsNull && values.some((v) => v === undefined)) throw new Error('a column with absent values');
    return values.map((v) => (v === undefined ? null : v)) as T[];
  };
  const features = new Map<string, FeatureValue[]>();
  for (const name of names) features.set(name, column((r) => r.features.get(name))!);
  return {
    model: 'm', version: 'v', task: '', rows: records.length, timeUnixMs: 0, traceId: 'ab'.repeat(16), spanId: records[0].spanId,
    inferenceIds: records.map((r) => r.spanId), features, predictions: column((r) => r.prediction), scores: column((r) => r.score),
  };
}

function snapshot(profile: WindowProfile | undefined): unknown {
  if (profile instanceof DiscreteNumericProfile) return { numbers: profile.numbers.serialize(), values: profile.values.serialize() };
  return profile?.serialize();
}

function assertSameProfiles(a: WindowAccumulator, b: WindowAccumulator): void {
  assert.equal(a.records, b.records);
  for (const name of MONITORS.keys()) assert.deepEqual(snapshot(a.profile(name)), snapshot(b.profile(name)), name);
}

describe('WindowAccumulator', () => {
  const records = Array.from({ length: 2000 }, (_, i) => randomRecord(i));

  it('fills the same profiles from single-row batches as from the same rows as columns', () => {
    const byRow = new WindowAccumulator(MONITORS, 0);
    const byColumn = new WindowAccumulator(MONITORS, 0);
    for (const record of records) {
      byRow.add(asRow(record));
      byColumn.add(asColumns([record], false));
    }
    assertSameProfiles(byRow, byColumn);
    assert.deepEqual([...byRow.newFeatures].sort(), [...byColumn.newFeatures].sort());
    for (const name of MONITORS.keys()) assert.deepEqual(byRow.exemplar(name), byColumn.exemplar(name), name);
    // The data must exercise what the comparison is about.
    assert.deepEqual([...byRow.newFeatures], ['extra']);
    const num = byRow.profile('num')!;
    assert.ok(num.missing > 0 && num.typeMismatch > 0 && num.valueCount > 0);
  });

  it('fills the same profiles from multi-row batches, split at any row', () => {
    const byRow = new WindowAccumulator(MONITORS, 0);
    const byBatch = new WindowAccumulator(MONITORS, 0);
    for (let start = 0; start < records.length;) {
      const size = 1 + Math.floor(random() * 40);
      const chunk = records.slice(start, start + size);
      const fromRow = Math.floor(random() * 3) === 0 ? Math.floor(random() * chunk.length) : 0;
      for (const record of chunk.slice(fromRow)) byRow.add(asRow(record));
      byBatch.add(asColumns(chunk, true), fromRow);
      start += size;
    }
    assertSameProfiles(byRow, byBatch);
  });

  it('fills the same profiles, new features and trace links from runs of single-row spans (SpanRowsBatch), from any row, as row by row', () => {
    const byRow = new WindowAccumulator(MONITORS, 0);
    const bySpanRows = new WindowAccumulator(MONITORS, 0);
    let batches = 0;
    for (let start = 0; start < records.length;) {
      // The run of records of one shape from `start`, as RowGroups gathers them (at most 30 here).
      const spans = [asRow(records[start]) as SingleRowBatch];
      while (spans.length < 30 && start + spans.length < records.length) {
        const next = asRow(records[start + spans.length]) as SingleRowBatch;
        if (!sameShape(spans[0], next)) break;
        spans.push(next);
      }
      const fromRow = spans.length > 1 && Math.floor(random() * 3) === 0 ? Math.floor(random() * spans.length) : 0;
      for (const span of spans.slice(fromRow)) byRow.add(span);
      const batch = new SpanRowsBatch(spans);
      bySpanRows.add(batch, fromRow);
      if (spans.length > 1) batches++;
      start += spans.length;
    }
    assertSameProfiles(byRow, bySpanRows);
    assert.deepEqual([...bySpanRows.newFeatures], [...byRow.newFeatures]);
    for (const name of MONITORS.keys()) assert.deepEqual(bySpanRows.exemplar(name), byRow.exemplar(name), name);
    assert.ok(batches > 50, 'the records make runs of several rows');
  });

  it('counts a monitored feature a row lacks as missing, and links each feature to the first record that carried it', () => {
    const window = new WindowAccumulator(MONITORS, 0);
    window.add(asRow({ features: new Map<string, FeatureValue>([['num', 1]]), prediction: undefined, score: undefined, spanId: 'a' }));
    window.add(asRow({ features: new Map<string, FeatureValue>([['num', 2], ['cat', 'b']]), prediction: 0.5, score: undefined, spanId: 'b' }));
    assert.equal(window.records, 2);
    assert.equal(window.profile('num')!.missing, 0);
    assert.equal(window.profile('cat')!.missing, 1);
    assert.equal(window.profile(PREDICTION_SCORE)!.missing, 2);
    assert.equal(window.exemplar('num')?.spanId, 'a');
    assert.equal(window.exemplar('cat')?.spanId, 'b');
    assert.equal(window.exemplar(PREDICTION)?.spanId, 'b');
    assert.equal(window.exemplar(PREDICTION_SCORE), undefined);
    assert.equal(window.profile('unknown'), undefined);
  });

  it('comes back from its snapshot (as JSON) with its profiles, new features and trace links', () => {
    const window = new WindowAccumulator(MONITORS, 60_000);
    for (const record of records.slice(0, 500)) window.add(asRow(record));
    const saved = JSON.parse(JSON.stringify(window.snapshot())) as ReturnType<WindowAccumulator['snapshot']>;
    const restored = new WindowAccumulator(MONITORS, saved.startUnixMs);
    restored.restore(saved);
    assertSameProfiles(window, restored);
    assert.deepEqual([...restored.newFeatures], [...window.newFeatures]);
    for (const name of MONITORS.keys()) assert.deepEqual(restored.exemplar(name), window.exemplar(name), name);
    assert.equal(restored.exemplar('num')?.spanId, records[0].spanId, 'the data links features');

    const older = { ...saved, exemplars: undefined };
    const fromOlder = new WindowAccumulator(MONITORS, saved.startUnixMs);
    fromOlder.restore(older);
    assert.equal(fromOlder.exemplar('num'), undefined, 'a snapshot of an earlier version has no links; the next record gives one');
    fromOlder.add(asRow(records[600]));
    assert.equal(fromOlder.exemplar('num')?.spanId, records[600].features.has('num') ? records[600].spanId : undefined);
  });
});
