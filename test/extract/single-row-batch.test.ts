import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributeRoles } from '../../src/extract/attribute-roles.js';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { extractInferenceSpan } from '../../src/extract/inference-span.js';
import { SingleRowBatch } from '../../src/extract/single-row-batch.js';
import { StatusCode } from '../../src/otlp/types.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { span, type PlainValue } from './otlp-builders.js';

/** Every field of a batch as plain data, columns read through the InferenceBatch interface. */
function plain(batch: InferenceBatch | string): unknown {
  if (typeof batch === 'string') return batch;
  return {
    model: batch.model, version: batch.version, task: batch.task, rows: batch.rows, timeUnixMs: batch.timeUnixMs,
    traceId: batch.traceId, spanId: batch.spanId, inferenceIds: batch.inferenceIds, features: [...batch.features],
    predictions: batch.predictions, scores: batch.scores, labels: batch.labels,
    probabilities: batch.probabilities === undefined ? undefined : [...batch.probabilities], errorType: batch.errorType,
  };
}

/** Values a per-row attribute may take, valid or not, for one row. */
function perRowValue(random: () => number): PlainValue {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const scalar = (): PlainValue => pick<() => PlainValue>([
    () => Math.round(random() * 100) / 10, () => random(), () => 1 + random(), () => -random(), () => NaN,
    () => pick(['a', 'b', '', 'NA']), () => random() < 0.5, () => null,
  ])();
  if (random() < 0.9) return random() < 0.8 ? scalar() : [scalar()];
  return pick<() => PlainValue>([
    () => [scalar(), scalar()],
    () => [],
    () => [[1]],
    () => [1, 'mixed'],
    () => ({ nested: 1 }),
    () => new Uint8Array([1, 2]),
  ])();
}

/** A probability as a sender may send it, mostly valid. */
function probability(random: () => number): PlainValue {
  if (random() < 0.85) return random() < 0.8 ? random() : [random() < 0.1 ? null : random()];
  return perRowValue(random);
}

/** A random one-row span: some attributes valid, some not, in random order. */
function randomSpan(random: () => number): ReturnType<typeof span> {
  const entries: [string, PlainValue][] = [['ml.model.name', 'm']];
  const optional: [string, () => PlainValue][] = [
    ['ml.model.version', () => (random() < 0.95 ? 'v1' : 3)],
    ['ml.batch.size', () => (random() < 0.95 ? 1 : 2)],
    ['ml.inference.id', () => (random() < 0.5 ? 'id-1' : random() < 0.5 ? [random() < 0.5 ? '' : 'id-2'] : perRowValue(random))],
    ['ml.prediction', () => perRowValue(random)],
    ['ml.prediction.score', () => probability(random)],
    ['ml.label', () => perRowValue(random)],
    ['ml.prediction.proba.yes', () => probability(random)],
    
    ['error.type', () => 'Timeout'],
    ['http.route', () => '/predict'],
  ];
  for (const [key, value] of optional) if (random() < 0.3) entries.push([key, value()]);
  // Keys that name no feature or class, rarely.
  if (random() < 0.03) entries.push(['ml.feature.', 1]);
  if (random() < 0.03) entries.push(['ml.prediction.proba.', 0.5]);
  const features = Math.floor(random() * 6);
  for (let f = 0; f < features; f++) entries.push([`ml.feature.f${f}`, random() < 0.85 ? perRowValue(random) : 'ok']);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return span(Object.fromEntries(entries), { status: { code: random() < 0.2 ? StatusCode.ERROR : StatusCode.UNSET, message: '' } });
}

describe('single-row spans read as one row', () => {
  it('give the same batch or the same rejection as reading them column by column', () => {
    const random = seededRandom(11);
    const roles = new AttributeRoles();
    let rows = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const s = randomSpan(random);
      const asRow = extractInferenceSpan(s, () => 5, roles);
      const byColumns = extractInferenceSpan(s, () => 5, roles, true);
      assert.deepEqual(plain(asRow), plain(byColumns), JSON.stringify([...s.attributes]));
      if (typeof asRow === 'string') rejected++;
      else if (asRow.rows === 1) {
        assert.ok(asRow instanceof SingleRowBatch);
        rows++;
      }
    }
    // The generator must exercise both outcomes, or the comparison proves little.
    assert.ok(rows > 300 && rejected > 300, `${rows} single-row batches, ${rejected} rejections`);
  });

  it('carry their values as a row that agrees with the columns', () => {
    const s = span({
      'ml.model.name': 'm', 'ml.feature.a': 1.5, 'ml.feature.b': ['x'], 'ml.feature.c': [null], 'ml.feature.d': null,
      'ml.prediction': [true], 'ml.prediction.score': 0.25, 'ml.label': false, 'ml.prediction.proba.yes': [0.25],
    });
    const batch = extractInferenceSpan(s, () => 0) as InferenceBatch;
    assert.deepEqual(batch.row, { featureNames: ['a', 'b', 'c', 'd'], featureValues: [1.5, 'x', null, null], prediction: true, score: 0.25 });
    assert.deepEqual([...batch.features], [['a', [1.5]], ['b', ['x']], ['c', [null]], ['d', [null]]]);
    assert.equal(batch.features, batch.features, 'the columns are made once');
    assert.deepEqual(batch.predictions, [true]);
    assert.deepEqual(batch.scores, [0.25]);
    assert.deepEqual(batch.labels, [false]);
    assert.deepEqual([...batch.probabilities!], [['yes', [0.25]]]);
    assert.deepEqual(batch.inferenceIds, [s.spanId]);
  });

  it('leave outputs the span does not carry undefined, in the row and the columns', () => {
    const batch = extractInferenceSpan(span({ 'ml.model.name': 'm', 'ml.feature.a': 1 }), () => 0) as InferenceBatch;
    assert.equal(batch.row?.prediction, undefined);
    assert.equal(batch.row?.score, undefined);
    assert.equal(batch.predictions, undefined);
    assert.equal(batch.scores, undefined);
    assert.equal(batch.labels, undefined);
    assert.equal(batch.probabilities, undefined);
  });

  it('are not read as rows when the span has several', () => {
    const batch = extractInferenceSpan(span({ 'ml.model.name': 'm', 'ml.feature.a': [1, 2] }), () => 0) as InferenceBatch;
    assert.equal(batch.rows, 2);
    assert.equal(batch.row, undefined);
  });
});
