import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNumbers, loadFixture } from '../helpers/fixtures.js';
import { drawSample, type SampleSpec } from '../helpers/drift-samples.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { quantileEdges } from '../../src/stats/quantile-edges.js';

interface QuantileCase {
  name: string;
  sample: SampleSpec;
  bins: number;
  edges: Array<number | string>;
}
const fixture = loadFixture<{ cases: { quantileEdges: QuantileCase[] } }>('binned.json');

test('quantileEdges equals numpy.unique(numpy.quantile(...)) bit for bit', () => {
  assert.ok(fixture.cases.quantileEdges.length > 20);
  for (const c of fixture.cases.quantileEdges) {
    const edges = quantileEdges(sortedFinite(drawSample(c.sample)), c.bins);
    assert.deepEqual(edges, decodeNumbers(c.edges), c.name);
  }
});

test('quantileEdges: hand-checkable examples', () => {
  // n = 5, B = 4: virtual indexes 4 * 0.25 = 1, 2, 3 fall on order statistics.
  assert.deepEqual(quantileEdges(Float64Array.of(1, 2, 3, 4, 5), 4), Float64Array.of(2, 3, 4));
  // Default B = 10 over 1..11: the deciles are the order statistics 2..10.
  assert.deepEqual(quantileEdges(Float64Array.from({ length: 11 }, (_, i) => i + 1)), Float64Array.of(2, 3, 4, 5, 6, 7, 8, 9, 10));
  // Two values 0 and 10, B = 4: linear interpolation at 1/4, 1/2, 3/4 of the way.
  assert.deepEqual(quantileEdges(Float64Array.of(0, 10), 4), Float64Array.of(2.5, 5, 7.5));
});

test('quantileEdges: constant and single-value references give one edge (two bins)', () => {
  assert.deepEqual(quantileEdges(new Float64Array(1000).fill(-3.25)), Float64Array.of(-3.25));
  assert.deepEqual(quantileEdges(Float64Array.of(42)), Float64Array.of(42));
  assert.deepEqual(quantileEdges(Float64Array.of(42), 2), Float64Array.of(42));
});

test('quantileEdges: heavy ties collapse to the distinct quantiles', () => {
  // 0 x 50, 1 x 30, 2 x 20, n = 100: the virtual indexes 99 i / 10 = 9.9, 19.8, ...
  // give 0, 0, 0, 0, 0.5 (between x[49] = 0 and x[50] = 1), 1, 1, 1.2, 2.
  const sorted = Float64Array.from([...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)]);
  const edges = quantileEdges(sorted);
  assert.equal(edges.length, 5);
  assert.deepEqual([edges[0], edges[1], edges[2], edges[4]], [0, 0.5, 1, 2]);
  assert.ok(Math.abs(edges[3] - 1.2) < 1e-12);
});

test('quantileEdges: an empty reference or B = 1 gives no edge (one bin)', () => {
  assert.deepEqual(quantileEdges(new Float64Array(0)), new Float64Array(0));
  assert.deepEqual(quantileEdges(Float64Array.of(1, 2, 3), 1), new Float64Array(0));
});

test('quantileEdges: B must be an integer >= 1', () => {
  for (const bins of [0, -1, 2.5, NaN, Infinity]) {
    assert.throws(() => quantileEdges(Float64Array.of(1, 2, 3), bins), RangeError, `bins = ${bins}`);
  }
});
