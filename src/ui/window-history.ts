import { usesPValue } from '../evaluate/drift/drift-method.js';
import type { FeatureSignal, WindowSignals } from '../pipeline/window-signals.js';

/** The data-quality ratios of one feature-window, in this order (NaN where a ratio does not apply or could not be computed). */
export const QUALITY_RATIOS = ['missingRatio', 'typeMismatchRatio', 'outOfRangeRatio', 'newCategoryRatio'] as const;

/**
 * One closed window of one model version as the dashboard keeps it: per feature its
 * verdict, the value the verdict compared (the p-value for `ks` and `chi2`, else the
 * statistic), the threshold, and the four data-quality ratios, in typed arrays
 * aligned on `features` (about 40 bytes a feature).
 */
export interface WindowRow {
  readonly startUnixMs: number;
  readonly endUnixMs: number;
  readonly records: number;
  readonly evaluated: boolean;
  readonly driftShare: number;
  readonly datasetDrifted: boolean;
  /** Feature names, shared with the version's previous row when they are the same. */
  readonly features: readonly string[];
  /** Deciding methods, shared likewise. */
  readonly methods: readonly string[];
  /** 1 drifted, 0 not. */
  readonly drifted: Uint8Array;
  readonly values: Float64Array;
  readonly thresholds: Float64Array;
  /** QUALITY_RATIOS.length ratios per feature, feature after feature. */
  readonly quality: Float32Array;
}

/** A window's signals as a row; `previous` lends its name and method arrays when they are unchanged. */
export function windowRow(signals: WindowSignals, previous: WindowRow | undefined): WindowRow {
  const { features } = signals;
  const n = features.length;
  const drifted = new Uint8Array(n);
  const values = new Float64Array(n);
  const thresholds = new Float64Array(n);
  const quality = new Float32Array(n * QUALITY_RATIOS.length);
  features.forEach((feature, i) => {
    drifted[i] = feature.drifted ? 1 : 0;
    values[i] = comparedValue(feature);
    thresholds[i] = feature.threshold;
    QUALITY_RATIOS.forEach((ratio, r) => {
      quality[i * QUALITY_RATIOS.length + r] = feature.quality[ratio] ?? NaN;
    });
  });
  return {
    startUnixMs: signals.windowStartUnixMs,
    endUnixMs: signals.windowEndUnixMs,
    records: signals.records,
    evaluated: signals.evaluated,
    driftShare: signals.driftShare,
    datasetDrifted: signals.datasetDrifted,
    features: reuse(previous?.features, features.map((f) => f.name)),
    methods: reuse(previous?.methods, features.map((f) => f.method)),
    drifted,
    values,
    thresholds,
    quality,
  };
}

/** What the verdict compared with its threshold: the p-value for p-value methods, else the statistic. */
export function comparedValue(feature: Pick<FeatureSignal, 'method' | 'statistic' | 'pValue'>): number {
  return usesPValue(feature.method) ? feature.pValue ?? NaN : feature.statistic;
}

function reuse(previous: readonly string[] | undefined, next: string[]): readonly string[] {
  if (previous !== undefined && previous.length === next.length && previous.every((name, i) => name === next[i])) return previous;
  return Object.freeze(next);
}
