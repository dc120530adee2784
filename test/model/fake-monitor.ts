import { NumericProfile } from '../../src/profile/numeric-profile.js';
import type { MonitoredFeature, MonitorFactory, WindowProfile } from '../../src/model/feature-monitor.js';
import type { FeatureValue, InferenceBatch } from '../../src/extract/inference-batch.js';

/**
 * A monitor whose verdict is easy to predict: "drifted" when the window's mean
 * exceeds the reference's mean by more than 1. It records the reference values it
 * was built from, so tests can check what the reference held. Features named
 * `ignored*` get no monitor, as the configuration's `ignore` gives.
 */
export const referencesSeen = new Map<string, readonly unknown[]>();

export const meanShiftMonitor: MonitorFactory = (name, referenceValues): MonitoredFeature | undefined => {
  if (name.startsWith('ignored')) return undefined;
  referencesSeen.set(name, referenceValues);
  const reference = new NumericProfile();
  for (const v of referenceValues) reference.add(v);
  return {
    createWindow: () => new NumericProfile(),
    judge(window: WindowProfile) {
      const statistic = (window as NumericProfile).mean - reference.mean;
      return {
        comparedAs: 'numerical',
        method: 'wasserstein',
        statistic,
        pValue: null,
        threshold: 1,
        thresholdSource: 'default',
        drifted: statistic > 1,
        stats: { psi: 0, kl: 0, js_distance: 0, hellinger: 0, tvd: 0, wasserstein: statistic },
        windowSize: window.count,
        // One open-ended bin: the fake compares means, not distributions.
        bins: { edges: new Float64Array(0), reference: Float64Array.of(reference.count), current: Float64Array.of(window.count) },
      };
    },
    prepare: async () => {},
    quality: (window: WindowProfile) => ({
      missingRatio: window.missing / window.count, typeMismatchRatio: 0, outOfRangeRatio: null, newCategoryRatio: null,
    }),
  };
};

let spanCounter = 0;

/** A batch of `rows` rows of model m1 v1 with the given feature columns. */
export function batch(features: Record<string, FeatureValue[]>, extra: Partial<InferenceBatch> = {}): InferenceBatch {
  const rows = Object.values(features)[0]?.length ?? 1;
  const spanId = (++spanCounter).toString(16).padStart(16, '0');
  return {
    model: 'm1',
    version: 'v1',
    task: 'regression',
    rows,
    timeUnixMs: 0,
    traceId: 'ab'.repeat(16),
    spanId,
    inferenceIds: Array.from({ length: rows }, (_, i) => `${spanId}:${i}`),
    features: new Map(Object.entries(features)),
    ...extra,
  };
}
