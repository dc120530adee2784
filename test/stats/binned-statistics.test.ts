import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xorshift32 } from '../helpers/drift-samples.js';
import { psi } from '../../src/stats/psi.js';
import { klDivergence } from '../../src/stats/kl-divergence.js';
import { jsDistance } from '../../src/stats/js-distance.js';
import { hellinger } from '../../src/stats/hellinger.js';
import { totalVariation } from '../../src/stats/total-variation.js';

const metrics = { psi, klDivergence, jsDistance, hellinger, totalVariation };
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: got ${actual}, expected ${expected}`);

test('binned statistics: hand-checkable values, shares r = [1/2, 1/2] and c = [1/4, 3/4]', () => {
  const r = [1, 1];
  const c = [1, 3];
  close(psi(r, c), -0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), 'psi');
  close(klDivergence(r, c), 0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), 'kl');
  close(totalVariation(r, c), 0.25, 'tvd');
  close(hellinger(r, c), Math.sqrt(1 - Math.sqrt(0.125) - Math.sqrt(0.375)), 'hellinger');
  const m = [0.375, 0.625];
  const jsd = (0.5 * Math.log(0.5 / m[0]) + 0.5 * Math.log(0.5 / m[1]) + 0.25 * Math.log(0.25 / m[0]) + 0.75 * Math.log(0.75 / m[1])) / 2 / Math.LN2;
  close(jsDistance(r, c), Math.sqrt(jsd), 'js');
});

test('binned statistics: identical distributions give exactly 0', () => {
  // Same shares from different totals, and a bin empty in both.
  for (const [name, f] of Object.entries(metrics)) {
    assert.equal(f([1, 2, 0, 7], [3, 6, 0, 21]), 0, name);
    assert.equal(f([5], [9]), 0, `${name}, one bin`);
  }
});

test('binned statistics: disjoint samples', () => {
  assert.equal(jsDistance([1, 0], [0, 1]), 1);
  assert.equal(hellinger([1, 0], [0, 1]), 1);
  assert.equal(totalVariation([1, 0], [0, 1]), 1);
  // The floor turns ln(1 / 0) into ln(1 / 0.0001).
  close(psi([1, 0], [0, 1]), 2 * (1 - 0.0001) * Math.log(10000), 'psi');
  close(klDivergence([1, 0], [0, 1]), 0.0001 * Math.log(0.0001) + Math.log(10000), 'kl');
});

test('binned statistics: a bin empty in one sample counts 0 in the raw-share metrics, like scipy rel_entr(0, m)', () => {
  // r = [1/2, 1/2], c = [1, 0], m = [3/4, 1/4]
  const jsd = (0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25) + Math.log(1 / 0.75)) / 2 / Math.LN2;
  close(jsDistance([1, 1], [1, 0]), Math.sqrt(jsd), 'js');
  close(hellinger([1, 1], [1, 0]), Math.sqrt(1 - Math.sqrt(0.5)), 'hellinger');
  close(totalVariation([1, 1], [1, 0]), 0.5, 'tvd');
  for (const [name, f] of Object.entries(metrics)) assert.ok(Number.isFinite(f([0, 1, 1], [3, 0, 1])), name);
});

test('binned statistics: an empty sample gives NaN, never a throw', () => {
  for (const [name, f] of Object.entries(metrics)) {
    assert.ok(Number.isNaN(f([1, 2, 3], [0, 0, 0])), `${name}, empty current`);
    assert.ok(Number.isNaN(f([0, 0, 0], [1, 2, 3])), `${name}, empty reference`);
    assert.ok(Number.isNaN(f([], [])), `${name}, no bins`);
  }
});

test('binned statistics: counts on different bins are a RangeError naming the statistic', () => {
  for (const [name, f] of Object.entries(metrics)) {
    assert.throws(() => f([1, 2, 3], [1, 2]), (e: unknown) => e instanceof RangeError && e.message.includes(name) && e.message.includes('3 and 2'), name);
  }
});

test('binned statistics: a single value in each sample, in the same bin', () => {
  for (const [name, f] of Object.entries(metrics)) assert.equal(f([0, 1], [0, 1]), 0, name);
});

test('binned statistics: distances stay in [0, 1] and PSI >= 0 on random counts', () => {
  const u = xorshift32(12345);
  const next = () => Math.floor(u() * 50);
  for (let t = 0; t < 500; t++) {
    const k = 1 + (t % 12);
    const r = Array.from({ length: k }, next);
    const c = Array.from({ length: k }, next);
    r[0] += 1;
    c[k - 1] += 1;
    for (const f of [jsDistance, hellinger, totalVariation]) {
      const d = f(r, c);
      assert.ok(d >= 0 && d <= 1, `${f.name}(${r}, ${c}) = ${d}`);
    }
    assert.ok(psi(r, c) >= 0);
    // Symmetric in the two samples.
    assert.ok(Math.abs(jsDistance(r, c) - jsDistance(c, r)) < 1e-15);
    assert.ok(Math.abs(hellinger(r, c) - hellinger(c, r)) < 1e-15);
  }
});
