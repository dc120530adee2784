import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThresholdCalibrator } from '../../../src/evaluate/calibration/threshold-calibrator.js';
import { sizeScale } from '../../../src/evaluate/calibration/size-scaling.js';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { ksPValueThreshold } from '../../../src/evaluate/window/ks-p-value.js';
import { normalSample } from '../../helpers/seeded-random.js';

const reference = numericalReference(normalSample(1000, 41, 5, 2));
/** Asymptotic 99.5th percentile of the two-sample KS statistic: c(0.005) = sqrt(-ln(0.0025) / 2). */
const ks995 = (n: number, m: number) => Math.sqrt(-Math.log(0.0025) / 2) * Math.sqrt(1 / n + 1 / m);

test('the same seed gives the same thresholds; another seed, slightly different ones', () => {
  const a = new ThresholdCalibrator(reference, { replicates: 300 });
  const b = new ThresholdCalibrator(reference, { replicates: 300 });
  const c = new ThresholdCalibrator(reference, { replicates: 300, seed: 2 });
  // Calibrations in a different order draw the same numbers: each bucket has its own stream.
  const first = [a.statisticThreshold('ks', 500), a.statisticThreshold('psi', 500)];
  const second = [b.statisticThreshold('psi', 500), b.statisticThreshold('ks', 500)].reverse();
  assert.deepEqual(first, second);
  assert.notEqual(c.statisticThreshold('ks', 500), first[0]);
});

test('KS limits on continuous data match the two-sample KS distribution, a p-value threshold near 0.005', () => {
  const calibrator = new ThresholdCalibrator(reference);
  for (const m of [100, 1000, 10_000]) {
    const limit = calibrator.statisticThreshold('ks', m)!;
    assert.ok(Math.abs(limit / ks995(1000, m) - 1) < 0.1, `m ${m}: ${limit} vs ${ks995(1000, m)}`);
    const p = ksPValueThreshold(limit, 1000, m);
    assert.ok(p > 0.0015 && p < 0.015, `m ${m}: p-value threshold ${p}`);
  }
});

test('the naive bootstrap (windows resampled from the reference itself) is biased low, most for large windows', () => {
  const twoSided = new ThresholdCalibrator(reference);
  const naive = new ThresholdCalibrator(reference, { resampleReference: false });
  const large = naive.statisticThreshold('ks', 10_000)! / twoSided.statisticThreshold('ks', 10_000)!;
  // Only the window's noise: sqrt(1/m) / sqrt(1/n + 1/m) ≈ 0.30 for n = 1,000, m = 10,000.
  assert.ok(large > 0.2 && large < 0.45, `ratio ${large}`);
  const small = naive.statisticThreshold('ks', 100)! / twoSided.statisticThreshold('ks', 100)!;
  assert.ok(small > 0.85 && small < 1.05, `ratio ${small}: the reference's noise hardly matters for small windows`);
});

test('one calibration serves a bucket of window sizes, scaled to each size', () => {
  const calibrator = new ThresholdCalibrator(reference, { replicates: 200 });
  const at100 = calibrator.statisticThreshold('wasserstein_normed', 100)!;
  const at120 = calibrator.statisticThreshold('wasserstein_normed', 120)!;
  assert.equal(calibrator.calibrations().length, 1, '100 and 120 are both in [64, 128)');
  assert.ok(Math.abs(at120 / at100 - sizeScale('wasserstein_normed', 1000, 100, 1000, 120)) < 1e-12);
  calibrator.statisticThreshold('wasserstein_normed', 130);
  assert.equal(calibrator.calibrations().length, 2);
  calibrator.statisticThreshold('wasserstein_normed', 5000);
  calibrator.statisticThreshold('wasserstein_normed', 1_000_000);
  const [, , big] = calibrator.calibrations();
  assert.equal(calibrator.calibrations().length, 3, 'windows from 2,048 values up share the largest calibration');
  assert.deepEqual([big.windowSize, big.bucket[1]], [2048, Infinity]);
  assert.ok(big.milliseconds >= 0);
});

test('size scaling follows each statistic\'s asymptotic law', () => {
  assert.equal(sizeScale('ks', 100, 100, 400, 400), 0.5);
  assert.equal(sizeScale('psi', 100, 100, 400, 400), 0.25);
  assert.equal(sizeScale('chi2', 100, 100, 400, 400), 1, 'm (1/n + 1/m) = 1 + m/n is unchanged');
});

test('categorical references calibrate chi2 for the noise of both samples', () => {
  const categories = categoricalReference(new Map([['a', 500], ['b', 300], ['c', 200]]));
  const calibrator = new ThresholdCalibrator(categories);
  // One-sample chi-square(2) at 99.5% is 10.6; two samples of equal size double the statistic.
  const limit = calibrator.statisticThreshold('chi2', 1000)!;
  assert.ok(limit > 17 && limit < 26, `chi2 limit ${limit}`);
  assert.equal(calibrator.statisticThreshold('ks', 1000), undefined, 'KS does not apply to categories');
});

test('a reference whose stationary samples never differ has no calibrated threshold', () => {
  assert.equal(new ThresholdCalibrator(categoricalReference(new Map([['only', 10]]))).statisticThreshold('js_distance', 100), undefined);
  assert.equal(new ThresholdCalibrator(numericalReference(Float64Array.of(3, 3, 3))).statisticThreshold('chi2', 100), undefined);
  assert.equal(new ThresholdCalibrator(numericalReference(new Float64Array(0))).statisticThreshold('chi2', 100), undefined);
  assert.equal(new ThresholdCalibrator(reference).statisticThreshold('ks', 0), undefined, 'an empty window');
  assert.throws(() => new ThresholdCalibrator(reference, { quantile: 1 }), RangeError);
  assert.throws(() => new ThresholdCalibrator(reference, { replicates: 5 }), RangeError);
});

test('prepare calibrates in slices between event-loop turns, with the result calibration would give', async () => {
  const sync = new ThresholdCalibrator(reference, { replicates: 400 });
  const background = new ThresholdCalibrator(reference, { replicates: 400 });
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  try {
    const [prepared, again] = await Promise.all([background.prepare('wasserstein_normed', 3000), background.prepare('wasserstein_normed', 3100)]);
    assert.ok(turns > 0, 'timers ran while it calibrated');
    assert.equal(again, prepared, 'two requests for one bucket share one calibration');
    assert.equal(prepared!.limit, sync.calibration('wasserstein_normed', 3000).limit);
    assert.equal(background.calibrations().length, 1);
    assert.equal(background.statisticThreshold('wasserstein_normed', 3000), sync.statisticThreshold('wasserstein_normed', 3000));
    assert.equal(background.calibrations().length, 1, 'the prepared calibration is reused');
  } finally {
    clearInterval(ticker);
  }
});

test('KS on a reference without ties is a p-value threshold, on a tied one a drawn limit', async () => {
  const calibrator = new ThresholdCalibrator(reference, { quantile: 0.995 });
  assert.deepEqual(calibrator.threshold('ks', 1000), { pValueBelow: 1 - 0.995 });
  assert.equal(calibrator.isReady('ks', 1000), true);
  assert.equal(await calibrator.prepare('ks', 1000), undefined);
  assert.equal(calibrator.calibrations().length, 0);
  assert.equal(calibrator.threshold('ks', 0), undefined, 'an empty window');

  const tied = new ThresholdCalibrator(numericalReference(reference.sorted.map((x) => Math.round(x))), { replicates: 200 });
  assert.equal(tied.isReady('ks', 1000), false);
  const threshold = tied.threshold('ks', 1000)!;
  assert.ok(threshold.statisticAbove! > 0);
  assert.equal(tied.isReady('ks', 1000), true);
  assert.ok(threshold.statisticAbove! < ks995(1000, 1000), 'ties make stationary D smaller than the continuous law says');
});

test('the naive bootstrap is never read off the continuous law: it is biased by design and kept to be measured', () => {
  assert.equal(new ThresholdCalibrator(reference, { resampleReference: false }).isDistributionFree('ks'), false);
});
