import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ksEqualSizesSf } from '../../src/stats/ks-equal-sizes-sf.js';
import { ksLatticeSf } from '../../src/stats/ks-lattice-sf.js';
import { ksStatistic } from '../../src/stats/ks-statistic.js';
import { loadFixture } from '../helpers/fixtures.js';

const fixture = loadFixture<{ cases: { exactPaths: [number, number, number, number][] } }>('ks.json');

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * P(D ≥ h/lcm) by listing every interleaving of m "x" steps and n "y" steps: the
 * definition itself, independent of both algorithms under test.
 */
function bruteForceSf(m: number, n: number, h: number): number {
  const lcm = (m / gcd(m, n)) * n;
  let hits = 0;
  let total = 0;
  const walk = (x: number, y: number, reached: boolean): void => {
    // |x/m − y/n| ≥ h/lcm, in integers: |x·lcm/m − y·lcm/n| ≥ h.
    const hit = reached || Math.abs((x * lcm) / m - (y * lcm) / n) >= h;
    if (x === m && y === n) {
      total++;
      if (hit) hits++;
      return;
    }
    if (x < m) walk(x + 1, y, hit);
    if (y < n) walk(x, y + 1, hit);
  };
  walk(0, 0, false);
  return hits / total;
}

test('ksLatticeSf equals the enumeration of all orderings (sizes up to 7)', () => {
  for (let m = 1; m <= 7; m++) {
    for (let n = 1; n <= 7; n++) {
      const lcm = (m / gcd(m, n)) * n;
      for (let h = 1; h <= lcm; h++) {
        const expected = bruteForceSf(m, n, h);
        assert.ok(Math.abs(ksLatticeSf(m, n, h) - expected) <= 1e-14, `m=${m} n=${n} h=${h}`);
      }
    }
  }
});

test('ksEqualSizesSf equals the enumeration and the lattice method', () => {
  for (let n = 1; n <= 8; n++) {
    for (let h = 1; h <= n; h++) {
      const expected = bruteForceSf(n, n, h);
      assert.ok(Math.abs(ksEqualSizesSf(n, h) - expected) <= 1e-14, `n=${n} h=${h}`);
    }
  }
  for (const [n, h] of [[100, 10], [1000, 50], [5000, 100], [10000, 150]]) {
    assert.ok(Math.abs(ksEqualSizesSf(n, h) - ksLatticeSf(n, n, h)) <= 1e-12, `n=${n} h=${h}`);
  }
});

test('hand-checkable exact p-values', () => {
  // One value against two: D = 1 when the single value is first or last, 2 of 3 orderings.
  assert.equal(ksLatticeSf(2, 1, 2), 2 / 3);
  assert.equal(ksLatticeSf(1, 2, 2), 2 / 3);
  // Two against two, D = 1: 2 of 6 orderings.
  assert.equal(ksEqualSizesSf(2, 2), 1 / 3);
  // D ≥ smallest possible positive value: every ordering.
  assert.equal(ksEqualSizesSf(3, 1), 1);
});

test('exact p-values equal scipy 1.10.1 bit for bit, including its rounding above 1', () => {
  let aboveOne = 0;
  for (const [m, n, h, expected] of fixture.cases.exactPaths) {
    const got = m === n ? ksEqualSizesSf(n, h) : ksLatticeSf(m, n, h);
    assert.equal(got, expected, `m=${m} n=${n} h=${h}`);
    if (got > 1) aboveOne++;
  }
  assert.ok(aboveOne > 0);
});

test('exact p-values stay in [0, 1] and fall as D grows, up to 10000 × 9999', () => {
  let previous = 1;
  for (const h of [1, 10000, 300000, 1000000, 3000000, 10000000]) {
    const p = ksLatticeSf(10000, 9999, h);
    assert.ok(p >= 0 && p <= previous, `h=${h}: ${p}`);
    previous = p;
  }
});

/** D by its definition: the largest |F_a(v) − F_b(v)| over every observed v. */
function naiveStatistic(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (const v of [...a, ...b]) {
    const fa = a.filter((x) => x <= v).length / a.length;
    const fb = b.filter((x) => x <= v).length / b.length;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

test('ksStatistic equals the definition on tied and untied data', () => {
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(next() * 30);
    const m = 1 + Math.floor(next() * 30);
    const levels = trial % 2 === 0 ? 4 : 1e9;
    const a = Float64Array.from({ length: n }, () => Math.floor(next() * levels)).sort();
    const b = Float64Array.from({ length: m }, () => Math.floor(next() * levels) + (trial % 3 === 0 ? 1 : 0)).sort();
    assert.equal(ksStatistic(a, b), naiveStatistic(a, b), `trial ${trial}`);
  }
});

test('ksStatistic edge cases', () => {
  assert.ok(Number.isNaN(ksStatistic(new Float64Array(0), Float64Array.of(1))));
  assert.equal(ksStatistic(Float64Array.of(1, 2), Float64Array.of(2, 3)), 0.5);
  assert.equal(ksStatistic(Float64Array.of(4), Float64Array.of(4, 4, 4)), 0);
  assert.equal(ksStatistic(Float64Array.of(1, 1), Float64Array.of(2, 2, 2)), 1);
  // Negative zero equals zero.
  assert.equal(ksStatistic(Float64Array.of(-0), Float64Array.of(0)), 0);
});
