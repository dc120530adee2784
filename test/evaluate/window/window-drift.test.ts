import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoricalProfile } from '../../../src/profile/categorical-profile.js';
import { NumericProfile } from '../../../src/profile/numeric-profile.js';
import { sortedFinite } from '../../../src/stats/sorted-finite.js';
import { categoricalQuality, numericalQuality } from '../../../src/evaluate/quality/feature-quality.js';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { DiscreteNumericProfile } from '../../../src/evaluate/window/discrete-numeric-profile.js';
import { FeatureMonitor } from '../../../src/evaluate/window/feature-monitor.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import type { ThresholdProvider } from '../../../src/evaluate/window/threshold-provider.js';
import { windowDrift } from '../../../src/evaluate/window/window-drift.js';
import { createWindowProfile } from '../../../src/evaluate/window/window-profile.js';
import { windowQuality } from '../../../src/evaluate/window/window-quality.js';
import { normalSample } from '../../helpers/seeded-random.js';

const reference = numericalReference(normalSample(1000, 1));

function windowOf(values: Float64Array): NumericProfile {
  const window = createWindowProfile(reference) as NumericProfile;
  window.addAll(values);
  return window;
}

/** A provider that answers one fixed statistic limit, to see how windowDrift uses it. */
const fixedLimit = (limit: number): ThresholdProvider => ({ threshold: () => ({ statisticAbove: limit }) });

test('the threshold is the configured one, else the calibrated one, else the §5 default', () => {
  const window = windowOf(normalSample(500, 2, 0.15));
  const configured = windowDrift(reference, window, { override: { threshold: 0.2 }, thresholds: fixedLimit(0.5) });
  assert.deepEqual([configured.method, configured.threshold, configured.thresholdSource], ['ks', 0.2, 'configured']);
  const byDefault = windowDrift(reference, window);
  assert.deepEqual([byDefault.threshold, byDefault.thresholdSource], [0.05, 'default']);
  const psi = windowDrift(reference, window, { override: { method: 'psi' } });
  assert.deepEqual([psi.method, psi.threshold, psi.thresholdSource], ['psi', 0.1, 'default']);
  const unavailable = windowDrift(reference, window, { thresholds: { threshold: () => undefined } });
  assert.equal(unavailable.thresholdSource, 'default');
});

test('a calibrated limit on the statistic becomes a threshold in the method\'s own terms', () => {
  const window = windowOf(normalSample(500, 3, 0.15));
  const d = windowDrift(reference, window).stats.ks!;
  const above = windowDrift(reference, window, { thresholds: fixedLimit(d - 0.01) });
  assert.equal(above.thresholdSource, 'calibrated');
  assert.equal(above.drifted, true);
  assert.ok(above.pValue! < above.threshold, 'a p-value threshold for ks');
  const at = windowDrift(reference, window, { thresholds: fixedLimit(d) });
  assert.equal(at.drifted, false, 'a statistic equal to the limit is not above it');
  const psi = windowDrift(reference, window, { override: { method: 'psi' }, thresholds: fixedLimit(0.01) });
  assert.ok(psi.threshold > 0.01 && psi.threshold < 0.0100001);
  assert.equal(psi.drifted, psi.statistic > 0.01);
});

test('chi2 thresholds are p-values at the window\'s own degrees of freedom', () => {
  const categorical = categoricalReference(new Map([['a', 500], ['b', 300], ['c', 200]]));
  const window = createWindowProfile(categorical);
  for (let i = 0; i < 300; i++) window.add(i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c');
  window.add('new');
  const verdict = windowDrift(categorical, window, { thresholds: fixedLimit(20) });
  assert.equal(verdict.method, 'chi2');
  assert.equal(verdict.drifted, verdict.statistic > 20);
  assert.ok(verdict.threshold > 0 && verdict.threshold < 0.001, 'P(chi2 with 3 degrees of freedom > 20) ≈ 1.7e-4');
});

test('merged windows give the verdict of one window over all their records', () => {
  const a = normalSample(400, 4, 0.1);
  const b = normalSample(600, 5, 0.1);
  const merged = windowOf(a).merge(windowOf(b));
  const whole = windowOf(Float64Array.from([...a, ...b]));
  assert.deepEqual(windowDrift(reference, merged), windowDrift(reference, whole));
});

test('a window that does not match its reference, or a method that does not apply, is refused', () => {
  assert.throws(() => windowDrift(reference, new CategoricalProfile()), TypeError);
  assert.throws(() => windowDrift(reference, new NumericProfile()), TypeError);
  const other = numericalReference(normalSample(1000, 99));
  assert.throws(() => windowDrift(reference, createWindowProfile(other)), /bin edges/);
  assert.throws(() => windowDrift(reference, windowOf(normalSample(10, 6)), { override: { method: 'chi2' } }),
    /drift method "chi2" does not apply to numerical values/);
  const categorical = categoricalReference(new Map([['a', 1]]));
  assert.throws(() => windowDrift(categorical, createWindowProfile(categorical), { override: { method: 'ks' } }), RangeError);
});

test('an empty window has NaN statistics and no drift', () => {
  const verdict = windowDrift(reference, createWindowProfile(reference), { thresholds: fixedLimit(0.1) });
  assert.equal(verdict.windowSize, 0);
  assert.ok(Number.isNaN(verdict.statistic));
  assert.equal(verdict.drifted, false);
});

test('window data quality equals the report\'s on the same records', () => {
  const values = normalSample(2000, 7, 0.5, 1.2);
  const window = windowOf(values);
  for (const v of [null, 'NA', 'oops', true]) window.add(v);
  const quality = windowQuality(reference, window);
  const expected = numericalQuality({ rows: 2004, missing: 2, mismatched: 2 }, reference.sorted, sortedFinite(values));
  assert.deepEqual(quality, expected);
  assert.ok(quality.outOfRangeRatio! > 0);

  const categorical = categoricalReference(new Map([['a', 5], ['b', 5]]));
  const categories = createWindowProfile(categorical);
  for (const v of ['a', 'b', 'c', 'c', null]) categories.add(v);
  assert.deepEqual(windowQuality(categorical, categories),
    categoricalQuality({ rows: 5, missing: 1, mismatched: 0 }, categorical.counts, new Map([['a', 1], ['b', 1], ['c', 2]])));
});

/** A reference of rounded values: ties everywhere, so KS thresholds are drawn, not read off the continuous law. */
const rounded = numericalReference(normalSample(1000, 1).map((x) => Math.round(4 * x)));

test('FeatureMonitor keeps a reference, its configuration and calibrated thresholds together', () => {
  const monitor = new FeatureMonitor(rounded, { calibration: { replicates: 200 } });
  const window = monitor.createWindow();
  for (const x of normalSample(300, 8)) window.add(Math.round(4 * x));
  const verdict = monitor.judge(window);
  assert.equal(verdict.thresholdSource, 'calibrated');
  assert.ok(verdict.threshold > 0 && verdict.threshold < 0.05, `a p-value threshold stricter than 0.05: ${verdict.threshold}`);
  assert.equal(monitor.calibrator!.calibrations().length, 1);
  monitor.judge(window);
  assert.equal(monitor.calibrator!.calibrations().length, 1, 'cached');
  const fixed = new FeatureMonitor(rounded, { calibration: false, override: { method: 'wasserstein_normed' } });
  assert.deepEqual([fixed.judge(window).threshold, fixed.judge(window).thresholdSource], [0.1, 'default']);
  assert.equal(monitor.quality(window).missingRatio, 0);
});

test('KS on untied values is judged at p < 1 - quantile with no calibration at all', () => {
  const monitor = new FeatureMonitor(reference, { calibration: { quantile: 0.99 } });
  const window = monitor.createWindow();
  for (const x of normalSample(300, 8)) window.add(x);
  const verdict = monitor.judge(window);
  assert.deepEqual([verdict.method, verdict.threshold, verdict.thresholdSource], ['ks', 1 - 0.99, 'calibrated']);
  assert.equal(verdict.drifted, verdict.pValue! < 0.01);
  assert.equal(monitor.calibrator!.calibrations().length, 0);
});

test('FeatureMonitor.prepare calibrates the deciding method ahead of the window', async () => {
  const monitor = new FeatureMonitor(rounded, { calibration: { replicates: 200 } });
  await monitor.prepare(5000);
  assert.deepEqual(monitor.calibrator!.calibrations().map((c) => c.method), ['ks']);
  const configured = new FeatureMonitor(rounded, { override: { threshold: 0.01 }, calibration: { replicates: 200 } });
  await configured.prepare(5000);
  assert.equal(configured.calibrator!.calibrations().length, 0, 'a configured threshold needs no calibration');
  const untied = new FeatureMonitor(reference, { calibration: { replicates: 200 } });
  await untied.prepare(5000);
  assert.equal(untied.calibrator!.calibrations().length, 0, 'KS on untied values needs none either');
});

test('a discrete feature whose window overflows its categories is still judged, from its numeric profile', () => {
  const discrete = numericalReference(Float64Array.from({ length: 1000 }, (_, i) => i % 5));
  const window = createWindowProfile(discrete) as DiscreteNumericProfile;
  for (let i = 0; i < 1000; i++) window.add(i % 2 === 0 ? i % 5 : 5 + (i % 300) / 7);
  assert.ok(window.values.overflow > 0);
  const verdict = windowDrift(discrete, window);
  assert.equal(verdict.method, 'chi2');
  assert.equal(verdict.drifted, true);
  assert.ok(verdict.stats.ks! > 0.4 && verdict.stats.ks! <= 0.51, `half the values left the reference's range: KS ${verdict.stats.ks}`);
});
