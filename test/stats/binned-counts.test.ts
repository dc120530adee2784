import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xorshift32 } from '../helpers/drift-samples.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { quantileEdges } from '../../src/stats/quantile-edges.js';
import { numericBinCounts } from '../../src/stats/numeric-bin-counts.js';
import { numericBinCountsSorted } from '../../src/stats/numeric-bin-counts-sorted.js';
import { categoricalBinCounts } from '../../src/stats/categorical-bin-counts.js';
import { shares } from '../../src/stats/shares.js';

const edges = Float64Array.of(1, 2);

test('numericBinCounts: a value equal to an edge falls in the lower bin', () => {
  // bins: (-inf, 1], (1, 2], (2, +inf)
  assert.deepEqual(numericBinCounts([0, 1, 1.5, 2, 9], edges), Float64Array.of(2, 2, 1));
  assert.deepEqual(numericBinCountsSorted(Float64Array.of(0, 1, 1.5, 2, 9), edges), Float64Array.of(2, 2, 1));
});

test('numericBinCounts: NaN and infinities are skipped as missing', () => {
  assert.deepEqual(numericBinCounts([NaN, -Infinity, 1.5, Infinity, 3], edges), Float64Array.of(0, 1, 1));
});

test('numericBinCounts: an empty sample gives zero counts, one per bin', () => {
  assert.deepEqual(numericBinCounts([], edges), new Float64Array(3));
  assert.deepEqual(numericBinCountsSorted(new Float64Array(0), edges), new Float64Array(3));
});

test('numericBinCounts: no edges means one bin holding every value', () => {
  const none = new Float64Array(0);
  assert.deepEqual(numericBinCounts([5, -5, 0], none), Float64Array.of(3));
  assert.deepEqual(numericBinCountsSorted(Float64Array.of(-5, 0, 5), none), Float64Array.of(3));
});

test('numericBinCounts: a single value and a constant feature', () => {
  assert.deepEqual(numericBinCounts([1.5], edges), Float64Array.of(0, 1, 0));
  // A constant reference has the one edge 7: the constant fills bin 0, anything above bin 1.
  const constant = quantileEdges(new Float64Array(50).fill(7));
  assert.deepEqual(numericBinCounts(new Float64Array(50).fill(7), constant), Float64Array.of(50, 0));
  assert.deepEqual(numericBinCounts([6, 7, 7.001], constant), Float64Array.of(2, 1));
});

test('numericBinCountsSorted agrees with numericBinCounts on random samples with ties at the edges', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const u = xorshift32(seed);
    const n = Math.floor(u() * 2000);
    // Values on a coarse grid, so many of them sit exactly on an edge.
    const values = Float64Array.from({ length: n }, () => Math.floor(u() * 25) - 12);
    const sorted = sortedFinite(values);
    const reference = sortedFinite(Float64Array.from({ length: 1 + Math.floor(u() * 300) }, () => Math.floor(u() * 25) - 12));
    const e = quantileEdges(reference, 1 + Math.floor(u() * 20));
    const counts = numericBinCounts(values, e);
    assert.deepEqual(numericBinCountsSorted(sorted, e), counts, `seed ${seed}`);
    assert.equal(counts.reduce((a, b) => a + b, 0), n);
  }
});

test('categoricalBinCounts: union of both samples in string order, counts aligned', () => {
  const bins = categoricalBinCounts(new Map([['b', 2], ['a', 1]]), new Map([['c', 5], ['a', 3]]));
  assert.deepEqual(bins, {
    categories: ['a', 'b', 'c'],
    reference: Float64Array.of(1, 2, 0),
    current: Float64Array.of(3, 0, 5),
  });
});

test('categoricalBinCounts: the order does not depend on insertion order', () => {
  const a = categoricalBinCounts(new Map([['x', 1], ['y', 2], ['z', 3]]), new Map([['w', 4]]));
  const b = categoricalBinCounts(new Map([['z', 3], ['x', 1], ['y', 2]]), new Map([['w', 4]]));
  assert.deepEqual(a, b);
  assert.deepEqual(a.categories, ['w', 'x', 'y', 'z']);
});

test('categoricalBinCounts: empty samples and zero-count keys', () => {
  assert.deepEqual(categoricalBinCounts(new Map(), new Map()), {
    categories: [],
    reference: new Float64Array(0),
    current: new Float64Array(0),
  });
  assert.deepEqual(categoricalBinCounts(new Map([['a', 2], ['gone', 0]]), new Map([['gone', 0]])), {
    categories: ['a'],
    reference: Float64Array.of(2),
    current: Float64Array.of(0),
  });
});

test('shares: counts over their sum; NaN for an empty sample', () => {
  assert.deepEqual(shares([1, 3]), Float64Array.of(0.25, 0.75));
  assert.deepEqual(shares(Float64Array.of(0, 5)), Float64Array.of(0, 1));
  assert.ok(shares([0, 0]).every(Number.isNaN));
  assert.deepEqual(shares([]), new Float64Array(0));
});
