import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { windowDrift } from '../../../src/evaluate/window/window-drift.js';
import { createWindowProfile } from '../../../src/evaluate/window/window-profile.js';
import { binnedStatistics } from '../../../src/evaluate/drift/drift-statistics.js';
import { numericBinCountsSorted } from '../../../src/stats/numeric-bin-counts-sorted.js';
import { quantileEdges } from '../../../src/stats/quantile-edges.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';
import { normalSample } from '../../helpers/seeded-random.js';

/*
 * A window verdict's bins are those its binned statistics were computed on, and they
 * are §5's: the batch report's binning of the raw values gives the same counts.
 */

test('numeric: the verdict\'s bins are the §5 bins of the raw reference and window values', () => {
  const referenceValues = normalSample(1000, 11);
  const windowValues = normalSample(700, 12, 0.3, 1.2);
  const reference = numericalReference(referenceValues);
  assert.equal(reference.kind, 'numerical');
  const window = createWindowProfile(reference);
  for (const x of windowValues) window.add(x);
  const { bins, stats } = windowDrift(reference, window);
  assert.ok('edges' in bins);
  const edges = quantileEdges(sortedFinite(referenceValues), 10);
  assert.deepEqual(bins.edges, edges);
  assert.deepEqual(bins.reference, numericBinCountsSorted(sortedFinite(referenceValues), edges));
  assert.deepEqual(bins.current, numericBinCountsSorted(sortedFinite(windowValues), edges));
  const binned = binnedStatistics(bins.reference, bins.current);
  for (const key of ['psi', 'kl', 'js_distance', 'hellinger', 'tvd'] as const) assert.equal(binned[key], stats[key], key);
});

test('categorical: the verdict\'s bins are the union of categories, with a new category counted in the window only', () => {
  const reference = categoricalReference(new Map([['b', 30], ['a', 10]]));
  const window = createWindowProfile(reference);
  for (const value of ['a', 'a', 'c', 'b']) window.add(value);
  const { bins, stats } = windowDrift(reference, window);
  assert.ok('categories' in bins);
  assert.deepEqual(bins, { categories: ['a', 'b', 'c'], reference: Float64Array.of(10, 30, 0), current: Float64Array.of(2, 1, 1) });
  assert.equal(binnedStatistics(bins.reference, bins.current).psi, stats.psi);
});
