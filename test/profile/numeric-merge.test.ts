import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncompatibleProfileError, NumericProfile, type NumericProfileOptions } from '../../src/profile/index.js';
import { binIndex } from '../../src/stats/bin-index.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { exactQuantile, numericDataSets, numericSample, rng, withNoise } from './generators.js';
import { quantileBound } from './quantile-bound.js';

const SIZES = [0, 1, 2, 17, 1000, 20000];
const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

/** Reference edges as CONVENTIONS.md §5 builds them: deciles of a reference sample, deduplicated. */
function decileEdges(name: string): Float64Array {
  const ref = sortedFinite(numericSample(name, 2000, 999));
  const e: number[] = [];
  for (let i = 1; i < 10; i++) {
    const v = exactQuantile(ref, i / 10);
    if (e.length === 0 || v > e[e.length - 1]) e.push(v);
  }
  return Float64Array.from(e);
}

function profileOf(records: readonly unknown[], options: NumericProfileOptions): NumericProfile {
  const p = new NumericProfile(options);
  for (const r of records) p.add(r);
  return p;
}

function relClose(actual: number, expected: number, rel: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

for (const name of Object.keys(numericDataSets)) {
  test(`merge(profile(A), profile(B)) = profile(A ∪ B): ${name}`, () => {
    const options = { edges: decileEdges(name) };
    for (const size of SIZES) {
      const seed = size * 31 + name.length;
      const values = numericSample(name, size, seed);
      const { records, missing, mismatched } = withNoise(values, seed);
      const u = rng(seed + 1);
      for (const cut of [0, 1, Math.floor(u() * records.length), records.length]) {
        const label = `${name}, size ${size}, cut ${cut}`;
        const a = profileOf(records.slice(0, cut), options);
        const b = profileOf(records.slice(cut), options);
        const whole = profileOf(records, options);
        const bBefore = structuredClone(b);
        const merged = a.merge(b);
        assert.equal(merged, a, 'merge returns the receiver');
        assert.deepEqual(structuredClone(b), bBefore, `${label}: merge changed its argument`);

        assert.equal(merged.count, records.length);
        assert.equal(merged.missing, missing);
        assert.equal(merged.typeMismatch, mismatched);
        assert.equal(merged.valueCount, size);
        for (const key of ['count', 'missing', 'typeMismatch', 'valueCount', 'min', 'max'] as const) {
          assert.equal(merged[key], whole[key], `${label}: ${key}`);
        }
        assert.deepEqual(merged.binCounts, whole.binCounts, `${label}: bin counts`);
        const bins = new Float64Array(options.edges.length + 1);
        for (const x of values) bins[binIndex(options.edges, x)]++;
        assert.deepEqual(merged.binCounts, bins, `${label}: bin counts against binIndex`);

        if (size > 0) {
          relClose(merged.mean, whole.mean, 1e-12, `${label}: mean`);
          relClose(merged.variance, whole.variance, 1e-12, `${label}: variance`);
        }
        if (size > 1) relClose(merged.sampleVariance, whole.sampleVariance, 1e-12, `${label}: sample variance`);
        // Without collapsing, bucket assignment does not depend on the split.
        if (whole.collapseBound === 0) assert.deepEqual(merged.serialize().sketch, whole.serialize().sketch);

        const sorted = sortedFinite(values);
        for (const q of QS) {
          const est = merged.quantile(q);
          if (size === 0) {
            assert.ok(Number.isNaN(est));
            continue;
          }
          const err = Math.abs(est - exactQuantile(sorted, q));
          assert.ok(err <= quantileBound(merged, sorted, q), `${label}: q ${q}: ${est} vs ${exactQuantile(sorted, q)}`);
        }
      }
    }
  });
}

test('merging with an empty profile changes nothing, in either direction', () => {
  const values = numericSample('wideLogNormal', 500, 7);
  const p = new NumericProfile({ edges: [0, 1] });
  p.addAll(values);
  const snapshot = p.serialize();
  p.merge(new NumericProfile({ edges: [0, 1] }));
  assert.deepEqual(p.serialize(), snapshot);
  const e = new NumericProfile({ edges: [0, 1] }).merge(p);
  assert.deepEqual(e.serialize(), snapshot);
});

test('many parts merged in different orders give the same exact counts', () => {
  const values = numericSample('normal', 5000, 11);
  const options = { edges: decileEdges('normal') };
  const parts: NumericProfile[] = [];
  for (let i = 0; i < 5; i++) parts.push(profileOf(Array.from(values.subarray(i * 1000, (i + 1) * 1000)), options));
  const left = parts.reduce((acc, p) => acc.merge(p), new NumericProfile(options));
  const tree = parts[0].clone().merge(parts[1]).merge(parts[2].clone().merge(parts[3].clone().merge(parts[4])));
  assert.deepEqual(tree.binCounts, left.binCounts);
  assert.equal(tree.min, left.min);
  assert.equal(tree.max, left.max);
  relClose(tree.mean, left.mean, 1e-12, 'mean');
  relClose(tree.variance, left.variance, 1e-12, 'variance');
  assert.deepEqual(tree.serialize().sketch, left.serialize().sketch);
});

test('incompatible profiles do not merge, with an error naming the difference', () => {
  const base = new NumericProfile({ edges: [0, 1, 2] });
  base.addAll(Float64Array.of(0.5, 1.5));
  const before = base.serialize();
  const cases: Array<[NumericProfileOptions, RegExp]> = [
    [{ edges: [0, 1, 3] }, /edges differ at index 2/],
    [{ edges: [0, 1] }, /numbers of bin edges/],
    [{}, /one profile has bin edges/],
    [{ edges: [0, 1, 2], relativeAccuracy: 0.02 }, /relativeAccuracy differs/],
    [{ edges: [0, 1, 2], maxBins: 512 }, /maxBins differs/],
  ];
  for (const [options, message] of cases) {
    const other = new NumericProfile(options);
    other.add(1);
    assert.equal(base.mergeable(other), false);
    assert.equal(other.mergeable(base), false);
    assert.throws(
      () => base.merge(other),
      (e: unknown) =>
        e instanceof IncompatibleProfileError &&
        e.code === 'MODELWATCH_ERR_PROFILE_INCOMPATIBLE' &&
        message.test(e.message),
    );
    assert.deepEqual(base.serialize(), before, 'a refused merge leaves the receiver unchanged');
  }
  assert.equal(base.mergeable(new NumericProfile({ edges: Float64Array.of(0, 1, 2) })), true);
});
