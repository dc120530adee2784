import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ksTwoSample } from '../../src/stats/ks-two-sample.js';
import { loadFixture, decodeNumber } from '../helpers/fixtures.js';

type SampleSpec =
  | { kind: 'uniform' | 'sum2'; seed: number; size: number; loc: number; scale: number }
  | { kind: 'integers'; seed: number; size: number; low: number; count: number }
  | { kind: 'grid'; size: number; loc: number; scale: number }
  | { kind: 'constant'; size: number; value: number };

interface TwoSampleCase {
  name: string;
  reference: number[] | SampleSpec;
  current: number[] | SampleSpec;
  statistic: number | string;
  pValue: number | string;
  exact: boolean;
  fellBack: boolean;
}

const fixture = loadFixture<{ cases: { twoSample: TwoSampleCase[] } }>('ks.json');

/** Marsaglia's xorshift32 (13, 17, 5), each state x giving x / 2³², as in test/fixtures/gen_ks.py. */
function xorshiftUniforms(seed: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let x = seed | 0;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) / 4294967296;
  }
  return out;
}

/** The sample a fixture describes, sorted ascending (gen_ks.py `sample`, then sorted). */
function materialise(sample: number[] | SampleSpec): Float64Array {
  if (Array.isArray(sample)) return Float64Array.from(sample).sort();
  const out = new Float64Array(sample.size);
  switch (sample.kind) {
    case 'uniform': {
      const u = xorshiftUniforms(sample.seed, sample.size);
      for (let i = 0; i < out.length; i++) out[i] = sample.loc + sample.scale * u[i];
      break;
    }
    case 'sum2': {
      const u = xorshiftUniforms(sample.seed, 2 * sample.size);
      for (let i = 0; i < out.length; i++) out[i] = sample.loc + sample.scale * (u[2 * i] + u[2 * i + 1]);
      break;
    }
    case 'integers': {
      const u = xorshiftUniforms(sample.seed, sample.size);
      for (let i = 0; i < out.length; i++) out[i] = sample.low + Math.floor(u[i] * sample.count);
      break;
    }
    case 'grid':
      for (let i = 0; i < out.length; i++) out[i] = sample.loc + sample.scale * ((i + 0.5) / sample.size);
      break;
    case 'constant':
      out.fill(sample.value);
      break;
  }
  return out.sort();
}

test('xorshift32 matches its published first outputs', () => {
  // Marsaglia (2003), seed 2463534242: the first state is 723471715.
  assert.equal(xorshiftUniforms(2463534242, 1)[0] * 4294967296, 723471715);
});

test('ksTwoSample matches scipy.stats.ks_2samp on every golden case', () => {
  const cases = fixture.cases.twoSample;
  assert.ok(cases.length > 150);
  let exactCases = 0;
  let asymptoticCases = 0;
  for (const c of cases) {
    const result = ksTwoSample(materialise(c.reference), materialise(c.current));
    const statistic = decodeNumber(c.statistic);
    const pValue = decodeNumber(c.pValue);
    assert.ok(Math.abs(result.statistic - statistic) <= 1e-12, `${c.name}: D ${result.statistic} vs ${statistic}`);
    const tolerance = c.exact ? 1e-8 : 1e-6;
    assert.ok(Math.abs(result.pValue - pValue) <= tolerance, `${c.name}: p ${result.pValue} vs ${pValue}`);
    assert.equal(result.exact, c.exact, c.name);
    if (c.exact) exactCases++;
    else asymptoticCases++;
  }
  assert.ok(exactCases > 100 && asymptoticCases >= 10);
});

test('the fixture covers the required kinds of case', () => {
  const names = fixture.cases.twoSample.map((c) => c.name).join('\n');
  for (const fragment of ['small 1x1', 'small 10x10', 'ties', 'identical', 'separated', 'single value', 'constant',
    'boundary 10001x500 asymptotic', 'unequal 10000x9000', '200000x150000']) {
    assert.ok(names.includes(fragment), fragment);
  }
  // scipy's exact equal-size sum rounds above 1 for some small D = h/n and falls back to
  // the asymptotic p-value; the fixture holds such cases, with exact = false.
  const fallbacks = fixture.cases.twoSample.filter((c) => c.fellBack);
  assert.ok(fallbacks.length >= 4);
  assert.ok(fallbacks.every((c) => !c.exact));
});

test('hand-checkable cases', () => {
  // Two values each, fully separated: D = 1, and 2 of the C(4, 2) = 6 orderings give it.
  assert.deepEqual(ksTwoSample(Float64Array.of(1, 2), Float64Array.of(3, 4)), { statistic: 1, pValue: 1 / 3, exact: true });
  // Interleaved 1 < 2 < 3 < 4: D = 1/2, reached or exceeded by all 6 orderings.
  assert.deepEqual(ksTwoSample(Float64Array.of(1, 3), Float64Array.of(2, 4)), { statistic: 0.5, pValue: 1, exact: true });
  // One value each: D = 1 unless equal.
  assert.deepEqual(ksTwoSample(Float64Array.of(0), Float64Array.of(1)), { statistic: 1, pValue: 1, exact: true });
  assert.deepEqual(ksTwoSample(Float64Array.of(5), Float64Array.of(5)), { statistic: 0, pValue: 1, exact: true });
});

test('empty samples give NaN, not an exception', () => {
  const empty = new Float64Array(0);
  const some = Float64Array.of(1, 2, 3);
  for (const [a, b] of [[empty, some], [some, empty], [empty, empty]]) {
    const r = ksTwoSample(a, b);
    assert.ok(Number.isNaN(r.statistic) && Number.isNaN(r.pValue));
    assert.equal(r.exact, false);
  }
});

test('identical and constant samples: D = 0, p = 1, exact and asymptotic', () => {
  const x = materialise({ kind: 'integers', seed: 7, size: 300, low: 0, count: 3 });
  assert.deepEqual(ksTwoSample(x, x), { statistic: 0, pValue: 1, exact: true });
  const big = materialise({ kind: 'uniform', seed: 8, size: 20000, loc: 0, scale: 1 });
  assert.deepEqual(ksTwoSample(big, big), { statistic: 0, pValue: 1, exact: false });
  assert.deepEqual(ksTwoSample(new Float64Array(12).fill(3), new Float64Array(20001).fill(3)), { statistic: 0, pValue: 1, exact: false });
});

test('the test is symmetric in its two samples and leaves them unchanged', () => {
  const a = materialise({ kind: 'sum2', seed: 9, size: 700, loc: 0, scale: 1 });
  const b = materialise({ kind: 'integers', seed: 10, size: 450, low: 0, count: 2 });
  const aCopy = a.slice();
  const bCopy = b.slice();
  assert.deepEqual(ksTwoSample(a, b), ksTwoSample(b, a));
  assert.deepEqual(a, aCopy);
  assert.deepEqual(b, bCopy);
});
