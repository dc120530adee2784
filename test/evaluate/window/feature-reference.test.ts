import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoricalProfile } from '../../../src/profile/categorical-profile.js';
import { NumericProfile } from '../../../src/profile/numeric-profile.js';
import { quantileEdges } from '../../../src/stats/quantile-edges.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { DiscreteNumericProfile } from '../../../src/evaluate/window/discrete-numeric-profile.js';
import { featureReference } from '../../../src/evaluate/window/feature-reference-of-values.js';
import { OVERFLOW_CATEGORY } from '../../../src/evaluate/window/feature-reference.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { referenceFromProfile } from '../../../src/evaluate/window/reference-from-profile.js';
import { createWindowProfile } from '../../../src/evaluate/window/window-profile.js';
import { nextDown } from '../../../src/evaluate/window/adjacent-double.js';
import { normalSample } from '../../helpers/seeded-random.js';

test('more than 5 distinct numbers are numerical; at most 5 are discrete, as §5 and the report decide', () => {
  const six = numericalReference(Float64Array.of(0, 1, 2, 3, 4, 5, 5));
  assert.equal(six.kind, 'numerical');
  const five = numericalReference(Float64Array.of(4, 0, 1, 2, 3, 4, NaN));
  assert.equal(five.kind, 'discrete');
  assert.equal(five.size, 6, 'NaN is missing');
  assert.deepEqual(five.kind === 'discrete' && [...five.counts], [['0', 1], ['1', 1], ['2', 1], ['3', 1], ['4', 2]]);
  const empty = numericalReference(new Float64Array(0));
  assert.equal(empty.kind, 'discrete');
  assert.equal(empty.size, 0);
});

test('featureReference applies the report type rule: a value that is not a number makes the feature categorical', () => {
  assert.equal(featureReference([1, '2.5', null, 3, 4, 5, 6, 'NA']).kind, 'numerical');
  const categorical = featureReference(['a', 1, 'b', 'a', null, '', { nested: true }]);
  assert.equal(categorical.kind, 'categorical');
  assert.equal(categorical.size, 4, 'missing values and type mismatches take no part');
  assert.deepEqual(categorical.kind === 'categorical' && [...categorical.counts], [['a', 2], ['1', 1], ['b', 1]]);
});

test('a numeric reference keeps the §5 edges and bins, and its window edges refine them', () => {
  const values = normalSample(1000, 3, 50, 5);
  const reference = numericalReference(values);
  assert.equal(reference.kind, 'numerical');
  if (reference.kind !== 'numerical') return;
  const sorted = sortedFinite(values);
  assert.deepEqual(reference.edges, quantileEdges(sorted));
  assert.equal(reference.binCounts.reduce((a, b) => a + b, 0), 1000);
  const windowEdges = new Set(reference.windowEdges);
  for (const edge of reference.edges) assert.ok(windowEdges.has(edge), `§5 edge ${edge} is a window edge`);
  assert.ok(windowEdges.has(nextDown(sorted[0])) && windowEdges.has(sorted[999]), 'outer edges bound the range');
  assert.ok(reference.windowEdges.length > 50, 'percentiles add resolution');
  assert.ok(reference.sketch.relativeAccuracy < 0.01, 'values far from zero get a finer sketch');
  const window = createWindowProfile(reference);
  assert.ok(window instanceof NumericProfile);
  assert.deepEqual(window.edges, reference.windowEdges);
  assert.equal(window.relativeAccuracy, reference.sketch.relativeAccuracy);
  assert.ok(window.mergeable(createWindowProfile(reference)), 'windows of one reference merge');
});

test('crowded percentiles are thinned so bin look-up stays fast, but every §5 edge stays', () => {
  // Log-normal with σ = 3: the percentiles crowd near the minimum.
  const values = normalSample(1000, 9).map((z) => Math.exp(3 * z));
  const reference = numericalReference(values);
  assert.equal(reference.kind, 'numerical');
  if (reference.kind !== 'numerical') return;
  const gap = (reference.max - reference.min) / 512;
  let crowded = 0;
  const edges = new Set(reference.edges);
  for (let i = 1; i < reference.windowEdges.length; i++) {
    const e = reference.windowEdges[i];
    if (!edges.has(e) && e - reference.windowEdges[i - 1] < gap) crowded++;
  }
  assert.equal(crowded, 0);
  for (const edge of reference.edges) assert.ok(reference.windowEdges.includes(edge));
});

test('categorical and discrete references seed their windows with the reference categories', () => {
  const reference = categoricalReference(new Map([['a', 3], ['b', 0], ['c', 2]]));
  assert.deepEqual([...reference.counts.keys()], ['a', 'c'], 'zero counts are dropped');
  const window = createWindowProfile(reference);
  assert.ok(window instanceof CategoricalProfile);
  assert.deepEqual([...window.categories()], [['a', 0], ['c', 0]]);
  assert.throws(() => categoricalReference(new Map([['a', -1]])), RangeError);

  const discrete = numericalReference(Float64Array.of(0, 1, 1, 0, 2));
  const discreteWindow = createWindowProfile(discrete);
  assert.ok(discreteWindow instanceof DiscreteNumericProfile);
  discreteWindow.add(1);
  discreteWindow.add('2');
  discreteWindow.add('x');
  discreteWindow.add(null);
  assert.deepEqual([...discreteWindow.values.categories()], [['0', 0], ['1', 1], ['2', 1]]);
  assert.deepEqual([discreteWindow.count, discreteWindow.missing, discreteWindow.typeMismatch, discreteWindow.valueCount], [4, 1, 1, 2]);
  const other = createWindowProfile(discrete) as DiscreteNumericProfile;
  other.add(7);
  const merged = discreteWindow.clone().merge(other);
  assert.equal(merged.values.countOf('7'), 1);
  assert.equal(discreteWindow.values.countOf('7'), 0, 'merge leaves its argument and the clone source alone');
});

test('a reference from a saved numeric profile keeps its exact §5 bins, size and range', () => {
  const values = normalSample(5000, 21, 10, 2);
  const sorted = sortedFinite(values);
  const profile = new NumericProfile({ edges: quantileEdges(sorted) });
  profile.addAll(values);
  const fromJson = referenceFromProfile(JSON.parse(JSON.stringify(profile.serialize())));
  const fromLive = referenceFromProfile(profile);
  for (const reference of [fromJson, fromLive]) {
    assert.equal(reference.kind, 'numerical');
    if (reference.kind !== 'numerical') return;
    assert.equal(reference.exact, false);
    assert.equal(reference.size, 5000);
    assert.deepEqual(reference.edges, quantileEdges(sorted));
    assert.deepEqual(reference.binCounts, profile.binCounts);
    assert.deepEqual([reference.min, reference.max], [sorted[0], sorted[4999]]);
    assert.ok(Math.abs(reference.std - Math.sqrt(profile.variance)) < 1e-12);
    assert.equal(reference.sorted.length, 5000);
    assert.ok(reference.pieces !== null && reference.pieces.length > 10);
  }
});

test('a reference from a categorical profile pools its overflow as one category', () => {
  const profile = new CategoricalProfile({ maxCategories: 2 });
  for (const v of ['a', 'b', 'a', 'c', 'd']) profile.add(v);
  const reference = referenceFromProfile(profile.serialize());
  assert.equal(reference.kind, 'categorical');
  assert.equal(reference.exact, false);
  assert.deepEqual(reference.kind === 'categorical' && [...reference.counts], [['a', 2], ['b', 1], [OVERFLOW_CATEGORY, 2]]);
});
