import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kolmogorovSf } from '../../src/stats/kolmogorov-sf.js';
import { kolmogorovDurbinCdf } from '../../src/stats/kolmogorov-durbin-cdf.js';
import { kolmogorovPomeranzCdf } from '../../src/stats/kolmogorov-pomeranz-cdf.js';
import { kolmogorovPelzGoodCdf } from '../../src/stats/kolmogorov-pelz-good-cdf.js';
import { smirnovSf } from '../../src/stats/smirnov-sf.js';
import { loadFixture } from '../helpers/fixtures.js';

const fixture = loadFixture<{ cases: { kstwo: [number, number, number][]; smirnov: [number, number, number][] } }>('ks.json');

/** The regime kolmogorovSf uses for (d, n), as its doc comment lists them. */
function regime(d: number, n: number): string {
  const t = n * d;
  if (d <= 0.5 / n || d >= 1 || t <= 1 || t >= n - 1) return 'edge';
  if (d >= 0.5) return 'smirnov';
  const nd2 = t * d;
  if (n <= 140) return nd2 <= 0.754693 ? 'durbin' : nd2 <= 4 ? 'pomeranz' : 'smirnov';
  if (nd2 >= 370) return 'zero';
  if (nd2 >= 2.2) return 'smirnov';
  return n <= 100000 && n * Math.pow(d, 1.5) <= 1.4 ? 'durbin' : 'pelz-good';
}

test('kolmogorovSf matches scipy.stats.kstwo.sf across every regime', () => {
  const worst = new Map<string, number>();
  for (const [d, n, expected] of fixture.cases.kstwo) {
    const got = kolmogorovSf(d, n);
    const error = Math.abs(got - expected);
    assert.ok(error <= 1e-12, `d=${d} n=${n}: ${got} vs ${expected}`);
    const r = regime(d, n);
    worst.set(r, Math.max(worst.get(r) ?? 0, error));
  }
  // Each regime is exercised by the grid.
  assert.deepEqual([...worst.keys()].sort(), ['durbin', 'edge', 'pelz-good', 'pomeranz', 'smirnov', 'zero']);
});

test('smirnovSf matches scipy.special.smirnov to 1e-14 absolute or 1e-12 relative', () => {
  for (const [n, d, expected] of fixture.cases.smirnov) {
    const got = smirnovSf(n, d);
    const error = Math.abs(got - expected);
    assert.ok(error <= 1e-14 || error <= 1e-12 * expected, `n=${n} d=${d}: ${got} vs ${expected}`);
  }
});

test('hand-checkable values', () => {
  // n = 1: D₁ = max(U, 1 − U), so P(D₁ ≥ d) = 2(1 − d) for d ≥ ½.
  assert.equal(kolmogorovSf(0.75, 1), 0.5);
  assert.equal(kolmogorovDurbinCdf(1, 0.75), 0.5);
  assert.equal(kolmogorovPomeranzCdf(1, 0.75), 0.5);
  // Ruben–Gambino edge: P(D₂ ≥ d) = 2(1 − d)² for d ≥ (n − 1)/n.
  assert.ok(Math.abs(kolmogorovSf(0.9, 2) - 0.02) < 1e-16);
  // d at or below 1/(2n) is always exceeded; d = 1 never is.
  assert.equal(kolmogorovSf(0.05, 10), 1);
  assert.equal(kolmogorovSf(1, 10), 0);
  // One-sided, one point: D⁺₁ = 1 − U.
  assert.equal(smirnovSf(1, 0.3), 0.7);
  assert.equal(smirnovSf(2, 0.75), 0.0625);
  assert.equal(smirnovSf(5, 0), 1);
  assert.equal(smirnovSf(5, 1), 0);
});

test('invalid arguments give NaN', () => {
  assert.ok(Number.isNaN(kolmogorovSf(NaN, 10)));
  assert.ok(Number.isNaN(kolmogorovSf(0.2, 0)));
  assert.ok(Number.isNaN(kolmogorovSf(0.2, 2.5)));
  assert.ok(Number.isNaN(smirnovSf(0, 0.2)));
  assert.ok(Number.isNaN(smirnovSf(10, -0.1)));
  assert.ok(Number.isNaN(smirnovSf(10, NaN)));
});

test('Durbin and Pomeranz, two exact methods, agree where both apply', () => {
  for (const n of [2, 5, 10, 30, 80, 140]) {
    for (const z of [0.4, 0.6, 0.8, 1.0, 1.3, 1.8]) {
      const d = z / Math.sqrt(n);
      if (n * d <= 0.5 || d >= 1) continue;
      const a = kolmogorovDurbinCdf(n, d);
      const b = kolmogorovPomeranzCdf(n, d);
      assert.ok(Math.abs(a - b) <= 1e-13, `n=${n} d=${d}: ${a} vs ${b}`);
    }
  }
});

test('Pelz–Good approaches the exact CDF for large n', () => {
  // Its error shrinks like n^-2: about 5e-8 at n = 1000, 2e-9 at n = 5000.
  for (const [n, tolerance] of [[1000, 1e-7], [5000, 5e-9]]) {
    for (const z of [0.3, 0.5, 0.8, 1.0]) {
      const d = z / Math.sqrt(n);
      const error = Math.abs(kolmogorovPelzGoodCdf(n, d) - kolmogorovDurbinCdf(n, d));
      assert.ok(error <= tolerance, `n=${n} z=${z}: ${error}`);
    }
  }
});

test('kolmogorovSf falls as d grows', () => {
  for (const n of [3, 50, 141, 5000, 250000]) {
    let previous = 1;
    for (let i = 1; i <= 400; i++) {
      const p = kolmogorovSf(i / 400, n);
      assert.ok(p <= previous + 1e-15, `n=${n} d=${i / 400}`);
      previous = p;
    }
  }
});
