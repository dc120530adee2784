import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericProfile } from '../../../src/profile/numeric-profile.js';
import { numericBinCounts } from '../../../src/stats/numeric-bin-counts.js';
import { profilePieces, pseudoSample, smearedSample } from '../../../src/evaluate/window/pseudo-sample.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { createWindowProfile } from '../../../src/evaluate/window/window-profile.js';
import { normalSample, seededRandom } from '../../helpers/seeded-random.js';

function isSorted(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) return false;
  return true;
}

test('a pseudo-sample keeps every exact count of its profile: bins, range and size', () => {
  const u = seededRandom(4);
  const samples = {
    mixed: Float64Array.from({ length: 3000 }, () => (u() < 0.1 ? 0 : (u() < 0.4 ? -1 : 1) * Math.exp(2 * u()))),
    normal: normalSample(3000, 5, 40, 3),
  };
  for (const [name, values] of Object.entries(samples)) {
    const reference = numericalReference(values.subarray(0, 1000));
    const window = createWindowProfile(reference) as NumericProfile;
    window.addAll(values.subarray(1000));
    const sample = pseudoSample(window, window.valueCount, reference.sorted);
    assert.equal(sample.length, 2000, name);
    assert.ok(isSorted(sample), name);
    assert.deepEqual([sample[0], sample[1999]], [window.min, window.max], name);
    assert.deepEqual(numericBinCounts(sample, window.edges!), window.binCounts, `${name}: bin counts`);
    const pieces = profilePieces(window);
    assert.equal(pieces.reduce((s, p) => s + p.count, 0), 2000);
  }
});

test('a pseudo-sample of fewer points takes evenly spaced ranks; an empty profile gives none', () => {
  const profile = new NumericProfile();
  profile.addAll(normalSample(50_000, 6));
  const thin = pseudoSample(profile, 1000);
  assert.equal(thin.length, 1000);
  assert.ok(isSorted(thin));
  assert.ok(Math.abs(thin[500] - profile.quantile(0.5)) < 0.05, 'the middle point is the median');
  assert.equal(pseudoSample(new NumericProfile(), 10).length, 0);
});

test('ties in the guide are kept: window values on a tied reference value land on it', () => {
  const reference = numericalReference(Float64Array.from({ length: 1000 }, (_, i) => Math.floor(i / 50)));
  const window = createWindowProfile(reference) as NumericProfile;
  for (let i = 0; i < 400; i++) window.add(i % 20);
  const sample = pseudoSample(window, 400, reference.sorted);
  for (const x of sample) assert.ok(Number.isInteger(x), `${x} is one of the tied values`);
});

test('smearedSample spreads the values inside each piece evenly and keeps those outside', () => {
  const pieces = [{ lo: 0, hi: 10, lowerOpen: false, upperOpen: false, count: 2 }, { lo: 10, hi: 20, lowerOpen: true, upperOpen: false, count: 1 }];
  const smeared = smearedSample(pieces, Float64Array.of(-5, 1, 2, 10, 15, 25));
  const expected = [-5, 5 / 3, 5, 25 / 3, 15, 25];
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(smeared[i] - expected[i]) < 1e-12, `${smeared[i]} vs ${expected[i]}`);
});
