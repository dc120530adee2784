import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericProfile } from '../../src/profile/index.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { exactQuantile, numericDataSets, numericSample, rng } from './generators.js';
import { quantileBound } from './quantile-bound.js';

/** Fixed quantiles plus random ones, the same for every case. */
function quantiles(): number[] {
  const u = rng(2024);
  const qs = [0, 1e-4, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1 - 1e-4, 1];
  for (let i = 0; i < 40; i++) qs.push(u());
  return qs;
}

/**
 * Checks every quantile against the bound and returns the largest error relative
 * to |exact| where the bound is relative: both order statistics non-zero, of one
 * sign, and above the collapse bound.
 */
function check(p: NumericProfile, values: Float64Array, label: string): number {
  const sorted = sortedFinite(values);
  let worst = 0;
  for (const q of quantiles()) {
    const exact = exactQuantile(sorted, q);
    const est = p.quantile(q);
    const err = Math.abs(est - exact);
    assert.ok(err <= quantileBound(p, sorted, q), `${label}, q ${q}: estimate ${est}, exact ${exact}`);
    const i = Math.floor(q * (sorted.length - 1));
    const lo = sorted[i];
    const hi = sorted[Math.min(i + 1, sorted.length - 1)];
    const cb = p.collapseBound;
    if (lo * hi > 0 && Math.min(Math.abs(lo), Math.abs(hi)) > cb) worst = Math.max(worst, err / Math.abs(exact));
  }
  return worst;
}

for (const maxBins of [1024, 64]) {
  test(`quantiles within the documented bound, maxBins ${maxBins}`, (t) => {
    for (const name of Object.keys(numericDataSets)) {
      let worst = 0;
      let collapsed = false;
      for (const size of [1, 2, 3, 17, 1000, 50000]) {
        const values = numericSample(name, size, size + 5);
        const p = new NumericProfile({ maxBins });
        p.addAll(values);
        worst = Math.max(worst, check(p, values, `${name} n=${size}`));
        collapsed ||= p.collapseBound > 0;
      }
      t.diagnostic(`${name}: largest relative error ${worst.toExponential(2)}${collapsed ? ' (collapsed)' : ''}`);
      assert.ok(worst <= 0.01 * (1 + 1e-9), name);
    }
  });
}

test('merged sketches stay within the bound, including after collapsing', (t) => {
  for (const maxBins of [1024, 64, 16]) {
    const parts = [
      numericSample('wideLogNormal', 20000, 1),
      numericSample('normal', 5000, 2).map((x) => x * 1e6),
      numericSample('tiny', 5000, 3),
      numericSample('heavyTies', 3000, 4),
    ];
    const merged = new NumericProfile({ maxBins });
    for (const part of parts) {
      const p = new NumericProfile({ maxBins });
      p.addAll(part);
      merged.merge(p);
    }
    const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    const worst = check(merged, all, `merged, maxBins ${maxBins}`);
    const bound = merged.collapseBound.toExponential(2);
    t.diagnostic(`maxBins ${maxBins}: collapseBound ${bound}, largest relative error ${worst.toExponential(2)}`);
    if (maxBins === 16) assert.ok(merged.collapseBound > 0, 'the case should exercise collapsing');
  }
});

test('relative accuracy is a parameter: a finer sketch is more accurate', () => {
  const values = numericSample('wideLogNormal', 20000, 9);
  const worst: number[] = [];
  for (const relativeAccuracy of [0.05, 0.001]) {
    const p = new NumericProfile({ relativeAccuracy, maxBins: 65536 });
    p.addAll(values);
    assert.equal(p.collapseBound, 0);
    worst.push(check(p, values, `α ${relativeAccuracy}`));
    assert.ok(worst[worst.length - 1] <= relativeAccuracy * (1 + 1e-9));
  }
  assert.ok(worst[1] < worst[0] / 10, `${worst}`);
});

test('extreme magnitudes: subnormals count as zero, huge values stay finite', () => {
  const max = Number.MAX_VALUE;
  const values = Float64Array.of(-max, -1e300, -5e-324, 0, 5e-324, 1e-310, 1e-300, 1, 1e300, max);
  const p = new NumericProfile({ maxBins: 65536 });
  p.addAll(values);
  check(p, values, 'extremes');
  for (const q of [0.05, 0.5, 0.95]) assert.ok(Number.isFinite(p.quantile(q)));
});
