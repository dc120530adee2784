import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericProfile, numericValue } from '../../src/profile/index.js';

test('small example checkable by hand', () => {
  const p = new NumericProfile();
  for (const x of [1, 2, 3, 4]) p.add(x);
  assert.equal(p.count, 4);
  assert.equal(p.valueCount, 4);
  assert.equal(p.min, 1);
  assert.equal(p.max, 4);
  assert.equal(p.mean, 2.5);
  // deviations -1.5, -0.5, 0.5, 1.5: squares sum to 5
  assert.equal(p.variance, 5 / 4);
  assert.equal(p.sampleVariance, 5 / 3);
  assert.equal(p.quantile(0), 1);
  assert.equal(p.quantile(1), 4);
  // r = 0.5 * 3 = 1.5: halfway between x(1) = 2 and x(2) = 3, each read within 1%
  assert.ok(Math.abs(p.quantile(0.5) - 2.5) <= 0.01 * 2.5);
});

test('missing and type mismatch are counted apart from values', () => {
  const p = new NumericProfile();
  const missing = [null, undefined, '', '   ', NaN, Infinity, -Infinity, 'NaN', '-inf', 'Infinity', '1e999'];
  const mismatched = ['abc', true, false, {}, [], [1], '0x10', '1,5', Symbol('s')];
  const values = [3, '4.5', ' -2 ', 7n, '1e3', 0, -0];
  for (const v of [...missing, ...mismatched, ...values]) p.add(v);
  assert.equal(p.count, missing.length + mismatched.length + values.length);
  assert.equal(p.missing, missing.length);
  assert.equal(p.typeMismatch, mismatched.length);
  assert.equal(p.valueCount, values.length);
  assert.equal(p.min, -2);
  assert.equal(p.max, 1000);
  assert.equal(p.mean, (3 + 4.5 - 2 + 7 + 1000) / 7);
});

test('numericValue reads strings, bigints and non-numbers as documented', () => {
  assert.equal(numericValue('2.5'), 2.5);
  assert.equal(numericValue('.5e1'), 5);
  assert.equal(numericValue(12n), 12);
  assert.ok(Number.isNaN(numericValue('')));
  assert.ok(Number.isNaN(numericValue(null)));
  assert.ok(Number.isNaN(numericValue('+INF')));
  assert.ok(Number.isNaN(numericValue(10n ** 400n)));
  assert.equal(numericValue('abc'), undefined);
  assert.equal(numericValue('1.2.3'), undefined);
  assert.equal(numericValue(true), undefined);
  assert.equal(numericValue([2]), undefined);
});

test('addAll matches add one by one, NaN and ±Infinity as missing', () => {
  const xs = Float64Array.of(5, NaN, -3, Infinity, 0.25, -Infinity, 5);
  const a = new NumericProfile({ edges: [0, 1] });
  const b = new NumericProfile({ edges: [0, 1] });
  a.addAll(xs);
  for (const x of xs) b.add(x);
  assert.deepEqual(a.serialize(), b.serialize());
  assert.equal(a.missing, 3);
  assert.deepEqual(Array.from(a.binCounts as Float64Array), [1, 1, 2]);
});

test('empty profile: counts are zero, statistics and quantiles NaN', () => {
  const p = new NumericProfile({ edges: [1] });
  assert.equal(p.count, 0);
  assert.equal(p.valueCount, 0);
  for (const v of [p.min, p.max, p.mean, p.variance, p.sampleVariance, p.quantile(0), p.quantile(0.5), p.quantile(1)]) {
    assert.ok(Number.isNaN(v));
  }
  assert.deepEqual(Array.from(p.binCounts as Float64Array), [0, 0]);
  p.add(null);
  assert.equal(p.count, 1);
  assert.ok(Number.isNaN(p.quantile(0.5)));
});

test('single value: every quantile is that value, variance 0, sample variance NaN', () => {
  for (const x of [-7.25, 0, 1e-300, 3e200]) {
    const p = new NumericProfile();
    p.add(x);
    assert.equal(p.mean, x);
    assert.equal(p.variance, 0);
    assert.ok(Number.isNaN(p.sampleVariance));
    for (const q of [0, 0.3, 0.5, 1]) assert.equal(p.quantile(q), x);
  }
});

test('constant values: exact mean, zero variance, quantiles equal to the constant', () => {
  const p = new NumericProfile();
  for (let i = 0; i < 1000; i++) p.add(0.1);
  assert.equal(p.mean, 0.1);
  assert.equal(p.variance, 0);
  for (const q of [0, 0.01, 0.5, 0.99, 1]) assert.equal(p.quantile(q), 0.1);
});

test('bins: a value equal to an edge falls in the lower bin; outer bins are open', () => {
  const p = new NumericProfile({ edges: Float64Array.of(1, 2, 3) });
  for (const x of [-100, 1, 1.5, 2, 2.0000001, 3, 3.5, 1e9]) p.add(x);
  // bins: (-inf, 1], (1, 2], (2, 3], (3, inf)
  assert.deepEqual(Array.from(p.binCounts as Float64Array), [2, 2, 2, 2]);
  assert.deepEqual(Array.from(p.edges as Float64Array), [1, 2, 3]);
});

test('edges are copied, and accessors return copies', () => {
  const edges = Float64Array.of(0, 1);
  const p = new NumericProfile({ edges });
  edges[0] = 5;
  p.add(0.5);
  assert.deepEqual(Array.from(p.binCounts as Float64Array), [0, 1, 0]);
  (p.binCounts as Float64Array)[0] = 9;
  (p.edges as Float64Array)[0] = 9;
  assert.deepEqual(Array.from(p.binCounts as Float64Array), [0, 1, 0]);
  assert.deepEqual(Array.from(p.edges as Float64Array), [0, 1]);
});

test('invalid options and arguments throw RangeError', () => {
  assert.throws(() => new NumericProfile({ edges: [1, 1] }), RangeError);
  assert.throws(() => new NumericProfile({ edges: [2, 1] }), RangeError);
  assert.throws(() => new NumericProfile({ edges: [0, NaN] }), RangeError);
  assert.throws(() => new NumericProfile({ edges: [0, Infinity] }), RangeError);
  assert.throws(() => new NumericProfile({ relativeAccuracy: 0 }), RangeError);
  assert.throws(() => new NumericProfile({ relativeAccuracy: 1 }), RangeError);
  assert.throws(() => new NumericProfile({ maxBins: 8 }), RangeError);
  assert.throws(() => new NumericProfile({ maxBins: 100.5 }), RangeError);
  const p = new NumericProfile();
  p.add(1);
  assert.throws(() => p.quantile(-0.1), RangeError);
  assert.throws(() => p.quantile(1.1), RangeError);
  assert.throws(() => p.quantile(NaN), RangeError);
});

test('mean and variance stay accurate for data far from zero', () => {
  // x = 1e9 + k for k = 0..999: mean 1e9 + 499.5, variance (1000^2 - 1) / 12, both
  // exact in doubles; the textbook sum-of-squares formula loses every digit here.
  const p = new NumericProfile();
  for (let k = 0; k < 1000; k++) p.add(1e9 + k);
  assert.equal(p.mean, 1e9 + 499.5);
  assert.ok(Math.abs(p.variance - 999999 / 12) <= 1e-9 * (999999 / 12));
});

test('clone is deep: changing the clone leaves the original alone', () => {
  const p = new NumericProfile({ edges: [0] });
  for (const x of [-1, 2, 3]) p.add(x);
  const before = p.serialize();
  const c = p.clone();
  assert.deepEqual(c.serialize(), before);
  for (let i = 0; i < 100; i++) c.add(-1000 - i);
  c.add('oops');
  assert.deepEqual(p.serialize(), before);
});

test('merging into itself doubles every count', () => {
  const p = new NumericProfile({ edges: [0], maxBins: 16 });
  for (let i = -40; i < 40; i++) p.add(Math.sign(i) * 1.5 ** Math.abs(i));
  assert.ok(p.collapseBound > 0, 'the case should exercise a collapsed store');
  const once = p.serialize();
  p.merge(p);
  const twice = p.serialize();
  assert.equal(twice.count, 2 * once.count);
  assert.deepEqual(twice.binCounts, (once.binCounts as number[]).map((c) => 2 * c));
  const double = (s: { counts: number[] }) => ({ ...s, counts: s.counts.map((c) => 2 * c) });
  assert.deepEqual(twice.sketch, {
    ...once.sketch,
    zeroCount: 2 * once.sketch.zeroCount,
    positive: double(once.sketch.positive),
    negative: double(once.sketch.negative),
  });
});

test('serialize round-trips through JSON, and the copy keeps working like the original', () => {
  const cases = [new NumericProfile(), new NumericProfile({ edges: [-1, 0, 1], maxBins: 32 })];
  for (const [k, p] of cases.entries()) {
    for (let i = 0; i < 500; i++) p.add(i % 50 === 0 ? null : Math.sin(i) * 10 ** ((i % 13) - 6));
    p.add('text');
    const back = NumericProfile.deserialize(JSON.parse(JSON.stringify(p.serialize())));
    assert.deepEqual(back.serialize(), p.serialize(), `case ${k}`);
    for (const x of [5, -1e-7, 3e5]) {
      back.add(x);
      p.add(x);
    }
    assert.deepEqual(back.serialize(), p.serialize(), `case ${k} after more values`);
    for (const q of [0, 0.1, 0.5, 0.9, 1]) assert.equal(back.quantile(q), p.quantile(q));
  }
  const empty = NumericProfile.deserialize(JSON.parse(JSON.stringify(new NumericProfile().serialize())));
  assert.equal(empty.count, 0);
  assert.ok(Number.isNaN(empty.min));
});

test('deserialize rejects malformed or inconsistent data', () => {
  const p = new NumericProfile({ edges: [0] });
  p.addAll(Float64Array.of(-1, 1, 2));
  const good = p.serialize();
  const bad: unknown[] = [
    { ...good, kind: 'categorical' },
    { ...good, version: 2 },
    { ...good, count: 4 },
    { ...good, missing: -1 },
    { ...good, min: null },
    { ...good, min: 5 },
    { ...good, m2: -1 },
    { ...good, binCounts: [1, 1] },
    { ...good, binCounts: [1, 1, 1] },
    { ...good, edges: [0, 0] },
    { ...good, sketch: { ...good.sketch, relativeAccuracy: 2 } },
  ];
  for (const data of bad) {
    const restore = (): unknown => NumericProfile.deserialize(data as typeof good);
    assert.throws(restore, /invalid serialized|must be/, JSON.stringify(data));
  }
});

test('counts values outside the expected range exactly, through merges and serialization', () => {
  const expectedRange = { min: 0, max: 10 };
  const a = new NumericProfile({ expectedRange });
  const b = new NumericProfile({ expectedRange });
  for (const v of [-1, 0, 5, 10, 10.5, 'NA', 'x']) a.add(v);
  for (const v of [11, 3, -0.1]) b.add(v);
  assert.equal(a.outOfRange, 2, '-1 and 10.5; the bounds themselves are in range');
  a.merge(b);
  assert.equal(a.outOfRange, 4);
  assert.equal(b.outOfRange, 2, 'merge leaves its argument unchanged');
  assert.equal(NumericProfile.deserialize(a.serialize()).outOfRange, 4);
  assert.equal(new NumericProfile().outOfRange, undefined);
  assert.equal(a.mergeable(new NumericProfile({ expectedRange: { min: 0, max: 11 } })), false);
  assert.throws(() => new NumericProfile({ expectedRange: { min: 1, max: 0 } }), RangeError);
});
