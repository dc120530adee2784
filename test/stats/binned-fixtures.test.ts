import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNumber, decodeNumbers, loadFixture } from '../helpers/fixtures.js';
import { drawSample, type SampleSpec } from '../helpers/drift-samples.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { quantileEdges } from '../../src/stats/quantile-edges.js';
import { numericBinCounts } from '../../src/stats/numeric-bin-counts.js';
import { numericBinCountsSorted } from '../../src/stats/numeric-bin-counts-sorted.js';
import { categoricalBinCounts } from '../../src/stats/categorical-bin-counts.js';
import { psi } from '../../src/stats/psi.js';
import { klDivergence } from '../../src/stats/kl-divergence.js';
import { jsDistance } from '../../src/stats/js-distance.js';
import { hellinger } from '../../src/stats/hellinger.js';
import { totalVariation } from '../../src/stats/total-variation.js';
import { chiSquare } from '../../src/stats/chi-square.js';

// Golden values from test/fixtures/gen_binned.py: numpy's literal §5 formulas
// ("direct"), scipy where §5 names it, and a 50-digit mpmath evaluation ("exact").
type Num = number | string;
interface Statistics {
  psi?: Num;
  kl?: Num;
  js?: Num;
  hellinger?: Num;
  tvd?: Num;
  chi2: { statistic: Num; pValue: Num };
}
interface Expected {
  referenceCounts: Num[];
  currentCounts: Num[];
  direct: Statistics;
  scipy: Statistics;
  exact: Statistics;
  degreesOfFreedom: number;
}
interface NumericCase extends Expected {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
  bins: number;
  edges: Num[];
}
interface CategoricalCase extends Expected {
  name: string;
  reference: Record<string, number>;
  current: Record<string, number>;
  categories: string[];
}
const fixture = loadFixture<{ cases: { numeric: NumericCase[]; categorical: CategoricalCase[] } }>('binned.json');

/** Absolute tolerance of the binned statistics; chi-square's statistic is relative to max(1, |x|). */
const ABS = 1e-9;
const P_ABS = 1e-8;

function assertClose(actual: number, expected: Num | undefined, tolerance: number, what: string): void {
  if (expected === undefined) return;
  const e = decodeNumber(expected);
  if (Number.isNaN(e)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  assert.ok(Math.abs(actual - e) <= tolerance, `${what}: got ${actual}, expected ${e} (off by ${Math.abs(actual - e)}, tolerance ${tolerance})`);
}

function checkStatistics(c: Expected, name: string, reference: Float64Array, current: Float64Array): void {
  const actual = {
    psi: psi(reference, current),
    kl: klDivergence(reference, current),
    js: jsDistance(reference, current),
    hellinger: hellinger(reference, current),
    tvd: totalVariation(reference, current),
    chi2: chiSquare(reference, current),
  };
  for (const source of ['direct', 'scipy', 'exact'] as const) {
    const e = c[source];
    for (const key of ['psi', 'kl', 'js', 'hellinger', 'tvd'] as const) {
      assertClose(actual[key], e[key], ABS, `${name}: ${key} vs ${source}`);
    }
    const statistic = decodeNumber(e.chi2.statistic);
    assertClose(actual.chi2.statistic, statistic, ABS * Math.max(1, Math.abs(statistic)), `${name}: chi2 statistic vs ${source}`);
    assertClose(actual.chi2.pValue, e.chi2.pValue, P_ABS, `${name}: chi2 p vs ${source}`);
  }
  assert.equal(actual.chi2.degreesOfFreedom, c.degreesOfFreedom, `${name}: chi2 degrees of freedom`);
}

for (const c of fixture.cases.numeric) {
  test(`numeric bins and statistics match numpy/scipy: ${c.name}`, () => {
    const reference = drawSample(c.reference);
    const current = drawSample(c.current);
    const edges = quantileEdges(sortedFinite(reference), c.bins);
    assert.deepEqual(edges, decodeNumbers(c.edges), 'edges, bit for bit');

    const referenceCounts = numericBinCounts(reference, edges);
    const currentCounts = numericBinCounts(current, edges);
    assert.deepEqual(referenceCounts, decodeNumbers(c.referenceCounts), 'reference counts');
    assert.deepEqual(currentCounts, decodeNumbers(c.currentCounts), 'current counts');
    assert.deepEqual(numericBinCountsSorted(sortedFinite(reference), edges), referenceCounts, 'sorted reference counts');
    assert.deepEqual(numericBinCountsSorted(sortedFinite(current), edges), currentCounts, 'sorted current counts');

    checkStatistics(c, c.name, referenceCounts, currentCounts);
  });
}

for (const c of fixture.cases.categorical) {
  test(`categorical bins and statistics match numpy/scipy: ${c.name}`, () => {
    const bins = categoricalBinCounts(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current)));
    assert.deepEqual(bins.categories, c.categories);
    assert.deepEqual(bins.reference, decodeNumbers(c.referenceCounts));
    assert.deepEqual(bins.current, decodeNumbers(c.currentCounts));
    checkStatistics(c, c.name, bins.reference, bins.current);
  });
}
