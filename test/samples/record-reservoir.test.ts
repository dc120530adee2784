import { packValues } from '../../src/samples/packed-values.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordReservoir } from '../../src/samples/record-reservoir.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { columnBatch, ids, singleRow } from './sample-batches.js';

/**
 * How often each stream position ends up in a reservoir of `k` over `n` records, over
 * many seeded trials, with the stream cut into batches of the given sizes (repeated).
 */
function inclusionCounts(n: number, k: number, trials: number, batchSizes: number[]): number[] {
  const counts = new Array<number>(n).fill(0);
  const random = seededRandom(7);
  for (let t = 0; t < trials; t++) {
    const reservoir = new RecordReservoir(k, random);
    let offered = 0;
    for (let b = 0; offered < n; b++) {
      const size = Math.min(batchSizes[b % batchSizes.length], n - offered);
      reservoir.offer(columnBatch(ids('r', offered, size), offered));
      offered += size;
    }
    assert.equal(reservoir.seen, n);
    assert.equal(reservoir.size, k);
    for (const record of reservoir.records()) counts[record.featureValues.numbers[0]]++;
  }
  return counts;
}

/** Pearson's chi-square of the counts against equal expected counts. */
function chiSquareUniform(counts: number[], expected: number): number {
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

test('every record is kept with probability k/n, whether records come one by one or in batches', () => {
  const n = 40;
  const k = 5;
  const trials = 20_000;
  for (const batchSizes of [[1], [3, 1, 7], [40]]) {
    const counts = inclusionCounts(n, k, trials, batchSizes);
    // Under uniformity the statistic is about chi-square with 39 degrees of freedom
    // (slightly less: the counts sum to a constant); 80 is beyond its 0.9999 quantile (~77.6).
    const statistic = chiSquareUniform(counts, (trials * k) / n);
    assert.ok(statistic < 80, `batches ${batchSizes}: chi-square ${statistic.toFixed(1)} says the sample is not uniform`);
  }
});

test('the late records are as likely as the early ones (the skips do not drift)', () => {
  const n = 2_000;
  const k = 10;
  const trials = 4_000;
  const counts = inclusionCounts(n, k, trials, [1]);
  const share = (from: number, to: number) => counts.slice(from, to).reduce((a, b) => a + b, 0) / trials;
  // Expected k / 4 = 2.5 records from each quarter of the stream; the standard error over 4,000 trials is about 0.02.
  for (let q = 0; q < 4; q++) assert.ok(Math.abs(share(q * 500, (q + 1) * 500) - 2.5) < 0.12, `quarter ${q}: ${share(q * 500, (q + 1) * 500)}`);
});

test('holds the first k records as they come, then never more than k', () => {
  const reservoir = new RecordReservoir(3, seededRandom(1));
  reservoir.offer(singleRow('a', { x: 1 }));
  reservoir.offer(singleRow('b', { x: 2 }));
  assert.deepEqual(reservoir.records().map((r) => r.inferenceId), ['a', 'b']);
  for (let i = 0; i < 100; i++) reservoir.offer(singleRow(`z${i}`, { x: i }));
  assert.equal(reservoir.size, 3);
  assert.equal(reservoir.seen, 102);
});

test('a single-row batch is read through its row, keeping prediction, score and a label sent with it', () => {
  const reservoir = new RecordReservoir(2, seededRandom(1));
  reservoir.offer(singleRow('a', { x: 1.5, c: 'red' }, { prediction: 'yes', score: 0.9, label: 'no' }));
  assert.deepEqual(reservoir.records()[0], {
    inferenceId: 'a', timeUnixMs: 1_717_171_717_000, featureNames: ['x', 'c'], featureValues: packValues([1.5, 'red']),
    prediction: 'yes', score: 0.9, label: 'no',
  });
});

test('a label attaches by inference id while the record is held, and not after it is replaced', () => {
  const reservoir = new RecordReservoir(1, seededRandom(3));
  reservoir.offer(singleRow('a', { x: 1 }));
  assert.equal(reservoir.attachLabel('a', 1), true);
  assert.equal(reservoir.records()[0].label, 1);
  assert.equal(reservoir.attachLabel('unknown', 1), false);
  for (let i = 0; reservoir.records()[0].inferenceId === 'a'; i++) reservoir.offer(singleRow(`b${i}`, { x: i }));
  assert.equal(reservoir.attachLabel('a', 0), false, 'a replaced record cannot be labelled');
  const held = reservoir.records()[0].inferenceId;
  assert.equal(reservoir.attachLabel(held, false), true);
  assert.equal(reservoir.records()[0].label, false, 'false is a label, not a missing one');
});

test('two records with one id, both held: the label goes to the later, whether the index is made before or after them', () => {
  for (const indexFirst of [false, true]) {
    // Capacity 3 holds all three, in slots 0, 1, 2 in the order offered.
    const reservoir = new RecordReservoir(3, seededRandom(1));
    if (indexFirst) assert.equal(reservoir.attachLabel('none yet', 1), false);
    reservoir.offer(singleRow('dup', { x: 1 }));
    reservoir.offer(singleRow('other', { x: 2 }));
    reservoir.offer(singleRow('dup', { x: 3 }));
    assert.equal(reservoir.attachLabel('dup', 'y'), true);
    const labels = reservoir.records().map((r) => [r.featureValues.numbers[0], r.label]);
    assert.deepEqual(labels, [[1, undefined], [2, undefined], [3, 'y']], `index made ${indexFirst ? 'first' : 'on the label'}`);
  }
});

test('two records with one id, the later in the lower slot: the label still goes to the later', () => {
  for (const indexFirst of [false, true]) {
    let checked = false;
    for (let seed = 1; seed < 200 && !checked; seed++) {
      const reservoir = new RecordReservoir(2, seededRandom(seed));
      if (indexFirst) reservoir.attachLabel('none yet', 1);
      reservoir.offer(singleRow('a', { x: 1 }));
      reservoir.offer(singleRow('dup', { x: 2 }));
      const held = () => reservoir.records().map((r) => r.featureValues.numbers[0]);
      while (held()[0] === 1 && held()[1] === 2) reservoir.offer(singleRow('dup', { x: 3 }));
      // The case under test: the later copy took slot 0 while the earlier is still in slot 1.
      if (held()[0] !== 3 || held()[1] !== 2) continue;
      assert.equal(reservoir.attachLabel('dup', 'y'), true);
      assert.deepEqual(reservoir.records().map((r) => r.label), ['y', undefined], `seed ${seed}, index made ${indexFirst ? 'first' : 'on the label'}`);
      checked = true;
    }
    assert.ok(checked, 'no seed put the later copy in the lower slot');
  }
});

for (const indexFirst of [false, true]) test(`two records with one id: replacing the earlier keeps the later labelable (index made ${indexFirst ? 'first' : 'on the label'})`, () => {
  // Seeds differ in which copy is replaced first; the case under test is the earlier one going first.
  for (let seed = 1; seed < 50; seed++) {
    const reservoir = new RecordReservoir(2, seededRandom(seed));
    if (indexFirst) reservoir.attachLabel('none yet', 1);
    reservoir.offer(singleRow('dup', { x: 1 }));
    reservoir.offer(singleRow('dup', { x: 2 }));
    const held = () => reservoir.records().map((r) => r.featureValues.numbers[0]);
    for (let i = 0; held().includes(1) && held().includes(2); i++) reservoir.offer(singleRow(`o${i}`, { x: 100 + i }));
    if (held().includes(1)) continue;
    assert.equal(reservoir.attachLabel('dup', 'y'), true);
    assert.equal(reservoir.records().find((r) => r.featureValues.numbers[0] === 2)?.label, 'y');
    return;
  }
  assert.fail('no seed replaced the earlier copy first');
});
