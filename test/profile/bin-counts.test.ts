import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BinCounts } from '../../src/profile/index.js';
import { binIndex } from '../../src/stats/bin-index.js';
import { normal, rng } from './generators.js';

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  bits[0] = x;
  word[0] += x > 0 ? 1n : -1n;
  return bits[0];
}

const nextDown = (x: number): number => -nextUp(-x);

/** Edge sets: typical deciles, clustered log-scale edges, tiny and huge ranges, 0–2 edges. */
function edgeSets(): Float64Array[] {
  const sets = [
    [],
    [0],
    [-1, 1],
    [1, 2, 3],
    [-1e308, 1e308],
    [-Number.MAX_VALUE, 0, Number.MAX_VALUE],
    [1, nextUp(1), nextUp(nextUp(1))],
    [1e-300, 2e-300, 1e300],
    Array.from({ length: 9 }, (_, i) => Math.exp(3 * (i - 4))),
    Array.from({ length: 300 }, (_, i) => i * i - 5000),
  ];
  return sets.map((s) => Float64Array.from(s));
}

test('the bin of every probe equals binIndex: edges, their neighbours, random values', () => {
  const u = rng(17);
  for (const edges of edgeSets()) {
    const bins = new BinCounts(edges);
    const probes = [0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE];
    for (const e of edges) probes.push(e, nextUp(e), nextDown(e), e / 2, e * 2);
    const lo = edges.length > 0 ? edges[0] : -1;
    const hi = edges.length > 0 ? edges[edges.length - 1] : 1;
    for (let i = 0; i < 2000; i++) {
      probes.push(lo + (hi - lo) * (1.2 * u() - 0.1), Math.exp(10 * normal(u)) * (u() < 0.5 ? -1 : 1));
    }
    for (const x of probes) {
      if (!Number.isFinite(x)) continue;
      assert.equal(bins.index(x), binIndex(edges, x), `edges ${edges.length} [${edges[0]}, ...], x = ${x}`);
    }
  }
});

test('counts, merge and byteLength', () => {
  const a = new BinCounts([1, 2]);
  for (const x of [0, 1, 1.5, 2, 3, 3]) a.add(x);
  assert.deepEqual(Array.from(a.counts), [2, 2, 2]);
  const b = new BinCounts([1, 2]);
  b.add(5);
  a.merge(b);
  assert.deepEqual(Array.from(a.counts), [2, 2, 3]);
  assert.deepEqual(Array.from(b.counts), [0, 0, 1]);
  assert.equal(a.edgeDifference(b), undefined);
  assert.match(a.edgeDifference(new BinCounts([1, 3])) ?? '', /index 1/);
  assert.equal(a.byteLength(), 2 * 8 + 3 * 8 + 512 * 2);
  assert.equal(new BinCounts([0]).byteLength(), 8 + 2 * 8, 'one edge needs no table');
});
