import type { FeatureSignal, WindowSignals } from '../../src/pipeline/window-signals.js';

/** 2024-06-01T12:00:00Z */
export const WINDOW_START = Date.UTC(2024, 5, 1, 12, 0, 0);
export const WINDOW_END = WINDOW_START + 60_000;

export const AMOUNT_EXEMPLAR = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };

/** A numerical feature that drifted (ks p-value below its calibrated threshold), with a quarter of values missing. */
export const amountDrifted: FeatureSignal = {
  name: 'amount',
  method: 'ks',
  statistic: 0.3,
  pValue: 1e-9,
  threshold: 0.01,
  thresholdSource: 'calibrated',
  drifted: true,
  stats: {
    ks: 0.3, ks_p_value: 1e-9, wasserstein: 12.5, wasserstein_normed: 0.8,
    psi: 0.9, kl: 0.5, js_distance: 0.4, hellinger: 0.35, tvd: 0.3,
  },
  quality: { missingRatio: 0.25, typeMismatchRatio: 0, outOfRangeRatio: 0.05, newCategoryRatio: null },
  exemplar: AMOUNT_EXEMPLAR,
};

/** A categorical feature that is stable, but with a fifth of its values in new categories. */
export const countryStable: FeatureSignal = {
  name: 'country',
  method: 'chi2',
  statistic: 1.2,
  pValue: 0.75,
  threshold: 0.01,
  thresholdSource: 'calibrated',
  drifted: false,
  stats: { psi: 0.01, kl: 0.005, js_distance: 0.03, hellinger: 0.02, tvd: 0.02, chi2: 1.2, chi2_p_value: 0.75 },
  quality: { missingRatio: 0, typeMismatchRatio: 0, outOfRangeRatio: null, newCategoryRatio: 0.2 },
};

/** Model fraud version 3: an evaluated window of 1,000 records, one feature of two drifted. */
export function evaluatedWindow(overrides: Partial<WindowSignals> = {}): WindowSignals {
  return {
    model: 'fraud',
    version: '3',
    windowStartUnixMs: WINDOW_START,
    windowEndUnixMs: WINDOW_END,
    records: 1_000,
    evaluated: true,
    features: [amountDrifted, countryStable],
    driftShare: 0.5,
    datasetDrifted: true,
    ...overrides,
  };
}

/** A window with too few records for a verdict. */
export function skippedWindow(model: string, version: string, records: number): WindowSignals {
  return {
    model,
    version,
    windowStartUnixMs: WINDOW_END,
    windowEndUnixMs: WINDOW_END + 60_000,
    records,
    evaluated: false,
    features: [],
    driftShare: Number.NaN,
    datasetDrifted: false,
  };
}

/** The §4 series an evaluated window of `evaluatedWindow()` makes, by Prometheus name and labels. */
export function expectedSeries(records = 1_000): { name: string; labels: Record<string, string>; value: number }[] {
  const model = { ml_model_name: 'fraud', ml_model_version: '3' };
  const feature = (name: string) => ({ ...model, ml_feature_name: name });
  const series: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const signal of [amountDrifted, countryStable]) {
    for (const [method, value] of Object.entries(signal.stats)) {
      if (method.endsWith('_p_value')) {
        series.push({ name: 'ml_drift_p_value', labels: { ...feature(signal.name), ml_drift_method: method.slice(0, -'_p_value'.length) }, value });
      } else {
        series.push({ name: 'ml_drift_score', labels: { ...feature(signal.name), ml_drift_method: method }, value });
      }
    }
    series.push({ name: 'ml_drift_detected', labels: feature(signal.name), value: signal.drifted ? 1 : 0 });
    const q = signal.quality;
    series.push({ name: 'ml_data_quality_missing_ratio', labels: feature(signal.name), value: q.missingRatio });
    series.push({ name: 'ml_data_quality_type_mismatch_ratio', labels: feature(signal.name), value: q.typeMismatchRatio });
    if (q.outOfRangeRatio !== null) series.push({ name: 'ml_data_quality_out_of_range_ratio', labels: feature(signal.name), value: q.outOfRangeRatio });
    if (q.newCategoryRatio !== null) series.push({ name: 'ml_data_quality_new_category_ratio', labels: feature(signal.name), value: q.newCategoryRatio });
  }
  series.push({ name: 'ml_drift_share', labels: model, value: 0.5 });
  series.push({ name: 'ml_window_records', labels: model, value: records });
  return series;
}
