import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowLine } from '../../src/cli/window-line.js';
import type { FeatureSignal, WindowSignals } from '../../src/pipeline/window-signals.js';

const thresholds = { missing_ratio: 0.1, type_mismatch_ratio: 0.01, out_of_range_ratio: 0.1, new_category_ratio: 0.1 };
const quality = { missingRatio: 0, typeMismatchRatio: 0, outOfRangeRatio: 0, newCategoryRatio: null };

function feature(name: string, drifted: boolean, extra: Partial<FeatureSignal> = {}): FeatureSignal {
  return {
    name, method: 'ks', statistic: drifted ? 0.5234 : 0.05, pValue: drifted ? 3.2e-7 : 0.6, threshold: 0.005,
    thresholdSource: 'calibrated', drifted, stats: {} as FeatureSignal['stats'], quality, ...extra,
  };
}

const base: WindowSignals = {
  model: 'seattle-weather', version: '1', windowStartUnixMs: Date.UTC(2026, 0, 1, 10, 31, 0), windowEndUnixMs: Date.UTC(2026, 0, 1, 10, 31, 5),
  records: 31, evaluated: true, driftShare: 0.25, datasetDrifted: false, features: [],
};

test('a window line names the drifted features with their statistic and p-value, and the quality breaches', () => {
  const line = windowLine({
    ...base,
    features: [
      feature('temp_max', true),
      feature('wind', false, { quality: { ...quality, missingRatio: 0.25 } }),
      feature('precipitation', false),
      feature('ml.prediction', true, { method: 'chi2', statistic: 40.1, pValue: 2e-8 }),
    ],
  }, thresholds);
  assert.equal(line, '10:31:05  seattle-weather 1  31 records  drift 1/3: temp_max (ks 0.52, p 3e-7), ml.prediction (chi2 40, p 2e-8)  quality: wind missing 25%');
});

test('a quiet window, and one with too few records', () => {
  assert.equal(windowLine({ ...base, features: [feature('x', false)] }, thresholds), '10:31:05  seattle-weather 1  31 records  no drift in 1 feature  quality ok');
  assert.equal(windowLine({ ...base, records: 4, evaluated: false }, thresholds), '10:31:05  seattle-weather 1  4 records  (no verdict: fewer records than the minimum)');
});
