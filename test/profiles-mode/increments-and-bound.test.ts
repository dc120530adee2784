import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExponentialHistogram } from '../../instrumentation/exponential-histogram.js';
import { seattleDays } from '../../examples/seattle-weather/seattle-days.js';
import { seededUniform } from '../../src/evaluate/calibration/seeded-random.js';
import {
  bucketRepresentative, bucketsOfPoint, bucketTotal, difference, downscaled, representativeError, type ExponentialBuckets,
} from '../../src/profiles-mode/exponential-buckets.js';
import { SeriesIncrements } from '../../src/profiles-mode/series-increments.js';
import type { DataPoint } from '../../src/otlp/types.js';

/** The instrumentation's own histogram of the values, as the processor decodes its point. */
function bucketsOf(values: number[]): ExponentialBuckets {
  const histogram = new ExponentialHistogram();
  for (const x of values) histogram.record(x);
  const v = histogram.value();
  const buckets = bucketsOfPoint({ attributes: new Map(), timeUnixMs: 0, startTimeUnixMs: 0, ...v } as DataPoint);
  assert.ok(typeof buckets !== 'string', String(buckets));
  return buckets;
}

/** The representatives, ascending (each bucket's value count times). */
function representatives(buckets: ExponentialBuckets): number[] {
  const out: number[] = [];
  for (let i = 0; i < buckets.zeroCount; i++) out.push(0);
  for (const [index, count] of buckets.positive) for (let i = 0; i < count; i++) out.push(bucketRepresentative(index, buckets.scale));
  for (const [index, count] of buckets.negative) for (let i = 0; i < count; i++) out.push(-bucketRepresentative(index, buckets.scale));
  return out.sort((a, b) => a - b);
}

const uniform = seededUniform(11);
const dataSets: Record<string, number[]> = {
  'seattle temp_min (both signs)': seattleDays().map((d) => d.temp_min),
  'seattle precipitation (zeros)': seattleDays().map((d) => d.precipitation),
  'log-uniform over 1e-3..1e6': Array.from({ length: 5000 }, () => 10 ** (-3 + 9 * uniform())),
  'narrow: 100..101': Array.from({ length: 2000 }, () => 100 + uniform()),
  'normal around 0': Array.from({ length: 2000 }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())),
};

for (const [name, values] of Object.entries(dataSets)) {
  test(`${name}: every value is within the stated relative error of its representative`, () => {
    const buckets = bucketsOf(values);
    const bound = representativeError(buckets.scale);
    const sorted = [...values].sort((a, b) => a - b);
    const rebuilt = representatives(buckets);
    assert.equal(rebuilt.length, sorted.length);
    let worst = 0;
    for (let i = 0; i < sorted.length; i++) {
      const x = sorted[i];
      const error = x === 0 ? Math.abs(rebuilt[i]) : Math.abs(rebuilt[i] - x) / Math.abs(x);
      worst = Math.max(worst, error);
      // The representative's order is the values' (the mapping is monotone), so rank i pairs a value with its own bucket.
      assert.ok(error <= bound * (1 + 1e-9), `${x} -> ${rebuilt[i]}: ${error} > ${bound} at scale ${buckets.scale}`);
    }
    // Not a vacuous bound: the data come close to it.
    assert.ok(worst > bound / 4, `worst ${worst} vs bound ${bound}`);
    assert.ok(bound < (2 ** (2 ** -buckets.scale) - 1), 'below the relative bucket width');
  });
}

test('the difference of two cumulative points is the histogram of the values between them', () => {
  const early = Array.from({ length: 300 }, () => 1 + 10 * uniform());
  const late = Array.from({ length: 300 }, () => 0.01 + 1000 * uniform());
  const first = bucketsOf(early);
  const second = bucketsOf(early.concat(late));
  assert.ok(second.scale < first.scale, 'the wider values lowered the scale');
  const added = difference(second, first)!;
  const alone = downscaled(bucketsOf(late), added.scale);
  assert.equal(added.scale, second.scale);
  assert.deepEqual([...added.positive].sort(([a], [b]) => a - b), [...alone.positive].sort(([a], [b]) => a - b));
  assert.equal(bucketTotal(added), late.length);
  assert.equal(difference(first, second), undefined, 'a bucket going down is a reset');
});

test('counters: baseline, increments, delta, and resets by start time and by a decrease', () => {
  const started = 1_000_000;
  const series = new SeriesIncrements({ startedUnixMs: started });
  const CUMULATIVE = 2;
  assert.equal(series.sum('old', started - 5, 40, CUMULATIVE), 0, 'a series older than the tracker is only a baseline');
  assert.equal(series.sum('old', started - 5, 55, CUMULATIVE), 15);
  assert.equal(series.sum('new', started + 5, 7, CUMULATIVE), 7, 'a series born after the start counts from its first point');
  assert.equal(series.sum('new', started + 5, 7, CUMULATIVE), 0, 'a repeat adds nothing');
  assert.equal(series.sum('new', started + 5, 12, CUMULATIVE), 5);
  assert.equal(series.sum('new', started + 900, 3, CUMULATIVE), 3, 'a new start time: the replica restarted');
  assert.equal(series.sum('new', started + 900, 2, CUMULATIVE), 2, 'a decrease: reset, the new value counted in full');
  assert.equal(series.resets, 2);
  assert.equal(series.sum('delta', started - 5, 9, 1), 9, 'delta points are taken as they are');
  assert.equal(series.sum('delta', started - 5, 9, 1), 9);
});

test('histograms: a restarted replica counts from its new start; the remembered series are bounded', () => {
  const started = 1_000_000;
  const series = new SeriesIncrements({ startedUnixMs: started, maxSeries: 2 });
  const a = bucketsOf([1, 2, 3]);
  const b = bucketsOf([1, 2, 3, 4, 5]);
  assert.equal(bucketTotal(series.histogram('h', started + 1, a, 2)!), 3);
  assert.equal(bucketTotal(series.histogram('h', started + 1, b, 2)!), 2);
  assert.equal(series.histogram('h', started + 1, b, 2), undefined, 'nothing new');
  const restarted = bucketsOf([7]);
  assert.equal(bucketTotal(series.histogram('h', started + 50, restarted, 2)!), 1);
  series.sum('x', started + 1, 1, 2);
  series.sum('y', started + 1, 1, 2);
  assert.equal(series.size, 2, 'the least recently updated series was forgotten');
});
