import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeUniform } from '../../src/samples/merge-uniform.js';
import { RecentSample } from '../../src/samples/recent-sample.js';
import { RecordReservoir } from '../../src/samples/record-reservoir.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { columnBatch, ids, singleRow } from './sample-batches.js';

const DAY = 86_400_000;

test('merging two reservoirs keeps every record of the union with probability size / (seen a + seen b)', () => {
  const random = seededRandom(11);
  const seenA = 30;
  const seenB = 10;
  const size = 8;
  const trials = 20_000;
  const counts = new Array<number>(seenA + seenB).fill(0);
  for (let t = 0; t < trials; t++) {
    const a = new RecordReservoir(size, random);
    a.offer(columnBatch(ids('a', 0, seenA), 0));
    const b = new RecordReservoir(size, random);
    b.offer(columnBatch(ids('b', 0, seenB), seenA));
    const merged = mergeUniform({ records: a.records(), seen: a.seen }, { records: b.records(), seen: b.seen }, size, random);
    assert.equal(merged.length, size);
    for (const record of merged) counts[record.featureValues.numbers[0]]++;
  }
  const expected = (trials * size) / (seenA + seenB);
  const statistic = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  // About chi-square with 39 degrees of freedom under uniformity; 80 is beyond its 0.9999 quantile.
  assert.ok(statistic < 80, `chi-square ${statistic.toFixed(1)}: the merge favours one stream`);
});

test('merging leaves its inputs unchanged and returns everything when both together hold no more than size', () => {
  const a = new RecordReservoir(5, seededRandom(1));
  a.offer(columnBatch(ids('a', 0, 2)));
  const b = new RecordReservoir(5, seededRandom(2));
  b.offer(columnBatch(ids('b', 0, 3), 2));
  const before = a.records().map((r) => r.inferenceId);
  const merged = mergeUniform({ records: a.records(), seen: 2 }, { records: b.records(), seen: 3 }, 5, seededRandom(3));
  assert.deepEqual(merged.map((r) => r.inferenceId).sort(), ['a0', 'a1', 'b0', 'b1', 'b2']);
  assert.deepEqual(a.records().map((r) => r.inferenceId), before);
});

test('covers the current and the previous period; a period skipped drops the older one', () => {
  const sample = new RecentSample({ size: 10, periodMs: DAY, random: seededRandom(4) });
  const day0 = 100 * DAY;
  sample.offer(singleRow('d0', { x: 0 }), day0 + 5);
  sample.offer(singleRow('d1', { x: 1 }), day0 + DAY + 5);
  assert.deepEqual(sample.records().map((r) => r.inferenceId).sort(), ['d0', 'd1']);
  assert.equal(sample.attachLabel('d0', 'late label'), true, 'a record of the previous period can still be labelled');
  assert.equal(sample.records().find((r) => r.inferenceId === 'd0')?.label, 'late label');
  sample.offer(singleRow('d2', { x: 2 }), day0 + 2 * DAY);
  assert.deepEqual(sample.records().map((r) => r.inferenceId).sort(), ['d1', 'd2']);
  sample.offer(singleRow('d4', { x: 4 }), day0 + 4 * DAY);
  assert.deepEqual(sample.records().map((r) => r.inferenceId), ['d4'], 'day 3 saw nothing, so day 2 is no longer recent');
  assert.equal(sample.attachLabel('d2', 1), false);
});

test('a clock stepping back within the covered periods keeps the record', () => {
  const sample = new RecentSample({ size: 10, periodMs: DAY, random: seededRandom(4) });
  sample.offer(singleRow('a', { x: 0 }), DAY + 10);
  sample.offer(singleRow('b', { x: 1 }), 2 * DAY + 10);
  sample.offer(singleRow('c', { x: 2 }), DAY + 20);
  sample.offer(singleRow('d', { x: 3 }), 10);
  assert.deepEqual(sample.records().map((r) => r.inferenceId).sort(), ['a', 'b', 'c', 'd']);
  assert.equal(sample.seen, 4);
});

test('exports at most size records, sorted by time, drawn from both periods in proportion to their traffic', () => {
  const sample = new RecentSample({ size: 100, periodMs: DAY, random: seededRandom(9) });
  sample.offer(columnBatch(ids('old', 0, 3_000), 0, 1_000), 5);
  sample.offer(columnBatch(ids('new', 0, 1_000), 0, 2_000), DAY + 5);
  const records = sample.records();
  assert.equal(records.length, 100);
  assert.equal(sample.seen, 4_000);
  const times = records.map((r) => r.timeUnixMs);
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
  const fromNew = records.filter((r) => r.inferenceId.startsWith('new')).length;
  // Hypergeometric: mean 25, standard deviation about 4.3.
  assert.ok(fromNew > 8 && fromNew < 42, `${fromNew} of 100 from the period with a quarter of the records`);
});

test('refuses a size below 1 or a period of 0', () => {
  assert.throws(() => new RecentSample({ size: 0, periodMs: DAY }), RangeError);
  assert.throws(() => new RecentSample({ size: 10, periodMs: 0 }), RangeError);
});
