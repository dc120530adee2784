import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AggregationType, type ExponentialHistogram as SdkValue } from '@opentelemetry/sdk-metrics';
import { bucketIndex, ExponentialHistogram, MAX_BUCKETS, MAX_SCALE } from '../../instrumentation/exponential-histogram.js';
import { inMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { seededRandom, standardNormal } from '../helpers/seeded-random.js';

/** The SDK's own exponential aggregation of the same values (defaults: scale 20, 160 buckets per sign). */
async function sdkHistogram(values: readonly number[]): Promise<SdkValue> {
  const telemetry = inMemoryTelemetry({ views: [{ instrumentName: 'x', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] });
  const histogram = telemetry.meterProvider.getMeter('t').createHistogram('x');
  for (const value of values) histogram.record(value);
  const [point] = await telemetry.points('x');
  await telemetry.shutdown();
  return point.value as SdkValue;
}

function ours(values: readonly number[]): ExponentialHistogram {
  const histogram = new ExponentialHistogram();
  for (const value of values) histogram.record(value);
  return histogram;
}

/** Buckets without the zero counts at either end, which say nothing. */
function trimmed({ offset, bucketCounts }: { offset: number; bucketCounts: number[] }): { offset: number; bucketCounts: number[] } {
  let first = 0;
  let last = bucketCounts.length;
  while (first < last && bucketCounts[first] === 0) first++;
  while (last > first && bucketCounts[last - 1] === 0) last--;
  return first === last ? { offset: 0, bucketCounts: [] } : { offset: offset + first, bucketCounts: bucketCounts.slice(first, last) };
}

const random = seededRandom(11);
const SAMPLES: Record<string, number[]> = {
  'one value': [3.7],
  'a narrow normal (no downscale)': Array.from({ length: 2_000 }, () => 100 + standardNormal(random) * 1e-4),
  'a unit normal\'s magnitudes': Array.from({ length: 5_000 }, () => Math.abs(standardNormal(random)) + 1e-9),
  'log-uniform over 12 decades (many downscales)': Array.from({ length: 5_000 }, () => 10 ** (random() * 12 - 6)),
  'exact powers of two (bucket upper boundaries)': Array.from({ length: 200 }, (_, i) => 2 ** ((i % 40) - 20)),
  'counts 1..1000': Array.from({ length: 1_000 }, (_, i) => i + 1),
  'tiny and huge': [1e-300, 5e-324, 1e300, 1.7976931348623157e308, 1],
};

for (const [name, values] of Object.entries(SAMPLES)) {
  test(`the same buckets as the SDK's exponential aggregation: ${name}`, async () => {
    const expected = await sdkHistogram(values);
    const actual = ours(values).value();
    assert.equal(actual.scale, expected.scale, 'scale');
    assert.deepEqual(trimmed(actual.positive), trimmed(expected.positive), 'positive buckets');
    assert.equal(actual.count, expected.count);
    assert.equal(actual.zeroCount, expected.zeroCount);
    assert.equal(actual.min, expected.min);
    assert.equal(actual.max, expected.max);
    assert.ok(actual.sum === expected.sum || Math.abs(actual.sum - expected.sum!) <= 1e-9 * Math.abs(expected.sum!), `sum ${actual.sum} vs ${expected.sum}`);
    assert.ok(actual.positive.bucketCounts.length <= MAX_BUCKETS);
  });
}

test('negative values (which the Metrics API drops) land in the negative buckets, mirrored', () => {
  const magnitudes = Array.from({ length: 3_000 }, () => 10 ** (random() * 8 - 4));
  const mixed = ours(magnitudes.flatMap((m) => [m, -m, 0])).value();
  const positive = ours(magnitudes).value();
  assert.equal(mixed.scale, positive.scale);
  assert.deepEqual(mixed.negative, positive.positive);
  assert.deepEqual(mixed.positive, positive.positive);
  assert.equal(mixed.zeroCount, magnitudes.length);
  assert.equal(mixed.count, 3 * magnitudes.length);
  assert.equal(mixed.min, -Math.max(...magnitudes));
  assert.ok(Math.abs(mixed.sum) < 1e-9 * magnitudes.reduce((a, b) => a + b), 'the signs cancel');
});

test('the scale drops only as far as the widest sign needs, both signs sharing it', () => {
  const histogram = new ExponentialHistogram();
  histogram.record(-1);
  histogram.record(-1e6); // 20 binary decades on the negative side alone
  histogram.record(1.5);
  const value = histogram.value();
  // 2^scale buckets per binary decade, 160 at most: 20 decades fit at scale 2 (80 + 1 buckets), not 3.
  assert.equal(value.scale, 2);
  assert.equal(value.positive.bucketCounts.reduce((a, b) => a + b), 1);
  assert.equal(value.negative.bucketCounts.reduce((a, b) => a + b), 2);
});

test('bucket i holds (2^(i/2^s), 2^((i+1)/2^s)]: boundaries belong to the bucket below', () => {
  for (const scale of [-3, -1, 0, 1, 4, MAX_SCALE]) {
    assert.equal(bucketIndex(1, scale), -1, `1 at scale ${scale}`);
    assert.equal(bucketIndex(2 ** 8, scale), scale >= 0 ? 8 * 2 ** scale - 1 : (8 - 1) >> -scale, `2^8 at scale ${scale}`);
    assert.equal(bucketIndex(1.0000001, scale), 0, `just above 1 at scale ${scale}`);
  }
});
