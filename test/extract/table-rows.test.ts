import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { SpanExtractor } from '../../src/extract/span-extractor.js';
import { TableRowsBatch } from '../../src/extract/table-rows.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { StatusCode } from '../../src/otlp/types.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { span, traces, type PlainValue } from './otlp-builders.js';

/*
 * Table spans with the keys of their run's head are read by position into columns
 * (TableRows). Whatever their values, each model must get the rows the tree path
 * gives, in the same order, with the same answer to the request; where every span of
 * a run is read by position, the very same batches.
 */

/** Every row a batch holds, read through the batch's public members. */
function rowsOf(batch: InferenceBatch) {
  return Array.from({ length: batch.rows }, (_, r) => ({
    model: batch.model, version: batch.version, task: batch.task, errorType: batch.errorType,
    inferenceId: batch.inferenceIdOf?.(r) ?? batch.inferenceIds[r],
    time: batch.timesUnixMs?.[r] ?? batch.timeUnixMs,
    span: (() => {
      const ids = batch.spanOfRow?.(r) ?? batch;
      return `${ids.traceId}/${ids.spanId}`;
    })(),
    features: [...batch.features].map(([name, column]) => [name, column[r]]),
    prediction: batch.predictions?.[r], score: batch.scores?.[r], label: batch.labels?.[r],
    probabilities: batch.probabilities === undefined ? undefined : [...batch.probabilities].map(([name, column]) => [name, column[r]]),
  }));
}

/** What a batch says, as span-table-extraction.test.ts compares batches. */
function described(batch: InferenceBatch): unknown {
  return {
    model: batch.model, version: batch.version, task: batch.task, rows: batch.rows, timeUnixMs: batch.timeUnixMs,
    traceId: batch.traceId, spanId: batch.spanId, errorType: batch.errorType, inferenceIds: batch.inferenceIds,
    features: batch.features, predictions: batch.predictions, scores: batch.scores, labels: batch.labels,
    probabilities: batch.probabilities, row: batch.row, times: batch.timesUnixMs ?? [batch.timeUnixMs],
  };
}

/** Both paths on one body, each with an extractor of its own kept across calls. */
class BothPaths {
  readonly tree = new RecordingInferenceSink();
  readonly table = new RecordingInferenceSink();
  readonly #tree = new SpanExtractor(this.tree, { now: () => 7, limits: { attributesPerSpan: 128, stringLength: 40, featuresPerSpan: 64 } });
  readonly #table = new SpanExtractor(this.table, { now: () => 7, limits: { attributesPerSpan: 128, stringLength: 40, featuresPerSpan: 64 } });

  run(body: Uint8Array, what: string): void {
    this.tree.reset();
    this.table.reset();
    const treeResult = this.#tree.consumeTraces(decodeTracesProtobuf(body));
    const tableResult = this.#table.consumeSpanTable(decodeTracesTable(body));
    assert.deepEqual(tableResult, treeResult, `${what}: the same answer`);
    const byModel = (sink: RecordingInferenceSink) => {
      const rows = new Map<string, unknown[]>();
      for (const batch of sink.batches) for (const row of rowsOf(batch)) (rows.get(batch.model) ?? rows.set(batch.model, []).get(batch.model)!).push(row);
      return [...rows].sort(([a], [b]) => a.localeCompare(b));
    };
    assert.deepEqual(byModel(this.table), byModel(this.tree), `${what}: each model's rows, in order`);
  }

  /** Batches read by position in the last run. */
  get readByPosition(): number {
    return this.table.batches.filter((batch) => batch instanceof TableRowsBatch).length;
  }
}

const RUN_KEYS = (i: number, model = 'churn'): Record<string, PlainValue> => ({
  'service.tier': 'gold',
  'ml.model.name': model, 'ml.model.version': 'v1', 'ml.model.task': 'classification', 'ml.inference.id': `id-${i}`,
  'ml.feature.age': 30 + i, 'ml.feature.plan': i % 2 === 0 ? 'pro' : 'free', 'ml.feature.trial': i % 3 === 0,
  'ml.prediction': 'stay', 'ml.prediction.score': 0.25, 'ml.prediction.proba.stay': 0.75, 'ml.prediction.proba.churn': 0.25,
  'ml.label': i % 2 === 0 ? 'stay' : null,
});

describe('table spans read by position (TableRows)', () => {
  it('give the tree path\'s very batches when every span of a run has its head\'s keys and plain values', () => {
    const paths = new BothPaths();
    const body = encodeTraces(traces(...Array.from({ length: 30 }, (_, i) => span(RUN_KEYS(i, i % 3 === 0 ? 'other' : 'churn'), {
      endTimeUnixMs: 1_000 + i, ...(i % 7 === 0 ? { status: { code: StatusCode.OK, message: '' } } : {}),
    }))));
    paths.run(body, 'plain runs');
    assert.deepEqual(paths.table.batches.map(described), paths.tree.batches.map(described));
    assert.equal(paths.readByPosition, 2, 'both models\' runs were read by position');
  });

  it('read by position whichever model\'s head last had the same keys', () => {
    const paths = new BothPaths();
    const keysOne = (model: string, i: number) => span(RUN_KEYS(i, model), { endTimeUnixMs: 4_000 + i });
    const keysTwo = (model: string, i: number) => span({ ...RUN_KEYS(i, model), 'ml.feature.extra': i }, { endTimeUnixMs: 4_000 + i });
    // Heads: a and c with one set of keys, b with another between them; then the three models' runs interleaved.
    const spans = [keysOne('a', 0), keysTwo('b', 1), keysOne('c', 2)];
    for (let i = 3; i < 30; i++) spans.push(i % 3 === 0 ? keysOne('a', i) : i % 3 === 1 ? keysTwo('b', i) : keysOne('c', i));
    paths.run(encodeTraces(traces(...spans)), 'three heads');
    assert.deepEqual(paths.table.batches.map(described), paths.tree.batches.map(described));
    assert.equal(paths.readByPosition, 3, 'every model\'s run was read by position');
  });

  it('a run left with one span gives that span\'s own single-row batch', () => {
    const paths = new BothPaths();
    paths.run(encodeTraces(traces(span(RUN_KEYS(0)), span(RUN_KEYS(1)))), 'two spans');
    assert.deepEqual(paths.table.batches.map(described), paths.tree.batches.map(described));
    assert.equal(paths.table.batches.length, 2);
  });

  it('read whole, in place, every span whose value or outcome differs from what a position can hold', () => {
    const breaks: [string, (attributes: Record<string, PlainValue>) => Record<string, PlainValue>, Partial<Parameters<typeof span>[1]>?][] = [
      ['a one-element array', (a) => ({ ...a, 'ml.feature.age': [41] })],
      ['an array of two (rejected)', (a) => ({ ...a, 'ml.feature.age': [41, 42] })],
      ['a kvlist (rejected)', (a) => ({ ...a, 'ml.feature.age': { nested: 1 } })],
      ['a string over the length limit (rejected)', (a) => ({ ...a, 'ml.feature.plan': 'x'.repeat(41) })],
      ['a string at the length limit', (a) => ({ ...a, 'ml.feature.plan': 'x'.repeat(40) })],
      ['null, NaN and infinities', (a) => ({ ...a, 'ml.feature.age': Number.NaN, 'ml.feature.trial': null, 'ml.prediction': Infinity })],
      ['another version', (a) => ({ ...a, 'ml.model.version': 'v2' })],
      ['an empty version', (a) => ({ ...a, 'ml.model.version': '' })],
      ['a numeric version (rejected)', (a) => ({ ...a, 'ml.model.version': 2 })],
      ['a null task', (a) => ({ ...a, 'ml.model.task': null })],
      ['a score out of [0, 1] (rejected)', (a) => ({ ...a, 'ml.prediction.score': 1.5 })],
      ['a NaN probability (rejected)', (a) => ({ ...a, 'ml.prediction.proba.stay': Number.NaN })],
      ['a null probability', (a) => ({ ...a, 'ml.prediction.proba.stay': null })],
      ['a score as a string (rejected)', (a) => ({ ...a, 'ml.prediction.score': '0.5' })],
      ['an empty inference id', (a) => ({ ...a, 'ml.inference.id': '' })],
      ['a null inference id', (a) => ({ ...a, 'ml.inference.id': null })],
      ['a numeric inference id (rejected)', (a) => ({ ...a, 'ml.inference.id': 17 })],
      ['an inference id over the length limit (rejected)', (a) => ({ ...a, 'ml.inference.id': 'i'.repeat(41) })],
      ['the status ERROR', (a) => a, { status: { code: StatusCode.ERROR, message: 'boom' } }],
      ['an error type', (a) => ({ ...a, 'error.type': 'timeout' })],
      ['an empty error type with the status ERROR', (a) => ({ ...a, 'error.type': '' }), { status: { code: StatusCode.ERROR, message: '' } }],
      ['a numeric error type (rejected)', (a) => ({ ...a, 'error.type': 5 })],
      ['a model name that is no string (rejected)', (a) => ({ ...a, 'ml.model.name': 3 })],
      ['no times (the clock)', (a) => a, { endTimeUnixMs: 0, startTimeUnixMs: 0 }],
      ['a start time only', (a) => a, { endTimeUnixMs: 0, startTimeUnixMs: 5_000 }],
      ['a key renamed', (a) => {
        const { 'ml.feature.age': age, ...rest } = a;
        return { ...rest, 'ml.feature.years': age };
      }],
      ['the same keys in another order', (a) => Object.fromEntries(Object.entries(a).reverse())],
    ];
    const paths = new BothPaths();
    for (const [what, change, overrides] of breaks) {
      // The break in the middle of a run, and the run going on after it.
      const spans = Array.from({ length: 9 }, (_, i) => (i === 4
        ? span(change(RUN_KEYS(i)), { endTimeUnixMs: 2_000 + i, ...overrides })
        : span(RUN_KEYS(i), { endTimeUnixMs: 2_000 + i })));
      paths.run(encodeTraces(traces(...spans)), what);
      assert.ok(paths.readByPosition >= 1, `${what}: the run around it was read by position`);
    }
  });

  it('agree with the tree path on random mixes of models, keys and values', () => {
    const random = seededRandom(21);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const values: PlainValue[] = [1, -0, 2.5, Number.NaN, 'a', 'b', '', null, true, false, [3], 'x'.repeat(41)];
    const paths = new BothPaths();
    let byPosition = 0;
    for (let request = 0; request < 60; request++) {
      const spans = Array.from({ length: 5 + Math.floor(random() * 40) }, (_, i) => {
        const attributes = RUN_KEYS(i, pick(['a', 'b', 'c']));
        if (random() < 0.3) attributes[pick(['ml.feature.age', 'ml.feature.plan', 'ml.prediction', 'ml.label'])] = pick(values);
        if (random() < 0.05) attributes['ml.model.version'] = pick(['v1', 'v2', '', null]);
        if (random() < 0.05) delete attributes['ml.feature.trial'];
        return span(attributes, { endTimeUnixMs: 3_000 + i, ...(random() < 0.05 ? { status: { code: StatusCode.ERROR, message: '' } } : {}) });
      });
      paths.run(encodeTraces(traces(...spans)), `request ${request}`);
      byPosition += paths.readByPosition;
    }
    assert.ok(byPosition > 30, `runs were read by position (${byPosition} batches)`);
  });
});
