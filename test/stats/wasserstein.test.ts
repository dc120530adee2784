import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNumber, loadFixture } from '../helpers/fixtures.js';
import { drawSample, xorshift32, type SampleSpec } from '../helpers/drift-samples.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { wassersteinDistance } from '../../src/stats/wasserstein.js';
import { wassersteinNormed } from '../../src/stats/wasserstein-normed.js';
import { populationStd } from '../../src/stats/population-std.js';

// Golden values from test/fixtures/gen_wasserstein.py: scipy.stats.wasserstein_distance
// and numpy.std, and the same quantities at 40 digits with mpmath ("exact").
type Num = number | string;
interface Values {
  wasserstein: Num;
  std: Num;
  wassersteinNormed: Num;
}
interface WassersteinCase {
  name: string;
  reference: SampleSpec;
  current: SampleSpec;
  scipy: Values;
  exact: Values;
}
const fixture = loadFixture<{ cases: WassersteinCase[] }>('wasserstein.json');

const REL = 1e-9;

function assertRelative(actual: number, expected: Num, what: string): void {
  const e = decodeNumber(expected);
  if (Number.isNaN(e)) assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
  else assert.ok(Math.abs(actual - e) <= REL * Math.abs(e), `${what}: got ${actual}, expected ${e}`);
}

for (const c of fixture.cases) {
  test(`wasserstein, normed and std match scipy/numpy: ${c.name}`, () => {
    const reference = sortedFinite(drawSample(c.reference));
    const current = sortedFinite(drawSample(c.current));
    const actual = {
      wasserstein: wassersteinDistance(reference, current),
      std: populationStd(reference),
      wassersteinNormed: wassersteinNormed(reference, current),
    };
    for (const source of ['scipy', 'exact'] as const) {
      for (const key of ['wasserstein', 'std', 'wassersteinNormed'] as const) {
        assertRelative(actual[key], c[source][key], `${key} vs ${source}`);
      }
    }
  });
}

test('wassersteinDistance: hand-checkable examples', () => {
  assert.equal(wassersteinDistance(Float64Array.of(0, 1, 3), Float64Array.of(5, 6, 8)), 5);
  assert.equal(wassersteinDistance(Float64Array.of(0, 10), Float64Array.of(0, 0, 10, 10)), 0);
  // Area between the CDFs: on [0, 1) the gap is |1/2 - 0|, on [1, 3) |1 - 1/2|: 0.5 + 1 = 1.5.
  assert.equal(wassersteinDistance(Float64Array.of(0, 1), Float64Array.of(1, 3)), 1.5);
});

test('wassersteinDistance: single values and constants', () => {
  assert.equal(wassersteinDistance(Float64Array.of(2.5), Float64Array.of(-1)), 3.5);
  assert.equal(wassersteinDistance(Float64Array.of(4), Float64Array.of(4)), 0);
  assert.equal(wassersteinDistance(new Float64Array(7).fill(1), new Float64Array(3).fill(4)), 3);
});

test('wassersteinDistance: an empty sample gives NaN, never a throw', () => {
  const some = Float64Array.of(1, 2, 3);
  const none = new Float64Array(0);
  assert.ok(Number.isNaN(wassersteinDistance(some, none)));
  assert.ok(Number.isNaN(wassersteinDistance(none, some)));
  assert.ok(Number.isNaN(wassersteinDistance(none, none)));
  assert.ok(Number.isNaN(wassersteinNormed(some, none)));
  assert.ok(Number.isNaN(wassersteinNormed(none, some)));
});

test('wassersteinDistance: symmetric, and a shift by c costs |c|', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const u = xorshift32(seed);
    // Integers, so ties are frequent and the shifted copy is exact.
    const a = sortedFinite(Float64Array.from({ length: 1 + Math.floor(u() * 500) }, () => Math.floor(u() * 40)));
    const b = sortedFinite(Float64Array.from({ length: 1 + Math.floor(u() * 500) }, () => Math.floor(u() * 30) - 5));
    const shift = Math.floor(u() * 20) - 10;
    assert.equal(wassersteinDistance(a, b), wassersteinDistance(b, a), `symmetric, seed ${seed}`);
    assert.equal(wassersteinDistance(a, a.map((x) => x + shift)), Math.abs(shift), `shift, seed ${seed}`);
  }
});

test('wassersteinNormed: divides by the reference population std, floored at 0.001', () => {
  // std of [0, 2] is 1; every value moves by 1.
  assert.equal(wassersteinNormed(Float64Array.of(0, 2), Float64Array.of(1, 3)), 1);
  // A constant reference has std 0: the floor makes the result 1000 times the distance.
  assert.equal(wassersteinNormed(new Float64Array(10).fill(3), Float64Array.of(3.5)), 500);
});

test('populationStd: ddof = 0, stable far from 0', () => {
  assert.equal(populationStd([2, 4, 4, 4, 5, 5, 7, 9]), 2);
  assert.equal(populationStd([42]), 0);
  assert.equal(populationStd(new Float64Array(1000).fill(-7)), 0);
  assert.ok(Number.isNaN(populationStd([])));
  // Values 1e9 ± 1 and 1e9 ± 2^-10 are exact doubles; the one-pass formula sum x^2 / n - mean^2
  // loses every digit of the second (sum x^2 = 4e18 has a rounding step of 512).
  assert.equal(populationStd([1e9 - 1, 1e9 + 1]), 1);
  assert.ok(Math.abs(populationStd([1e9 - 1, 1e9 + 1, 1e9 - 1, 1e9 + 1].map((x) => 1e9 + (x - 1e9) / 1024)) - 1 / 1024) < 1e-15);
});
