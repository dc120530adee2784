import type { DriftMethod } from '../evaluate/drift/drift-method.js';
import type { DriftStatistics } from '../evaluate/drift/drift-statistics.js';
import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';

/** Where a verdict's threshold came from: calibrated on the reference, set in the config, or §5's default. */
export type ThresholdSource = 'calibrated' | 'configured' | 'default';

/** The trace and span of one record that made a signal, so an alert can link to it. */
export interface Exemplar {
  readonly traceId: string;
  readonly spanId: string;
}

/** The drift and quality of one feature (or of `ml.prediction` / `ml.prediction.score`) in one closed window. */
export interface FeatureSignal {
  readonly name: string;
  readonly method: DriftMethod;
  readonly statistic: number;
  readonly pValue: number | null;
  readonly threshold: number;
  readonly thresholdSource: ThresholdSource;
  readonly drifted: boolean;
  /** Every §5 statistic computed for the feature: each becomes an `ml.drift.score` series. */
  readonly stats: DriftStatistics;
  readonly quality: FeatureQuality;
  /** A record of this window with this feature, for the alert's trace link; absent if none was seen. */
  readonly exemplar?: Exemplar;
}

/**
 * Everything the processor concluded about one model version's closed window: what
 * the exporters turn into the metrics and alerts of CONVENTIONS.md §4.
 */
export interface WindowSignals {
  readonly model: string;
  readonly version: string;
  readonly windowStartUnixMs: number;
  readonly windowEndUnixMs: number;
  /** Records (rows) in the window. */
  readonly records: number;
  /** False when the window held fewer records than the minimum: no verdicts, only `records`. */
  readonly evaluated: boolean;
  readonly features: readonly FeatureSignal[];
  /** Share of features drifted (NaN when not evaluated or no features). */
  readonly driftShare: number;
  readonly datasetDrifted: boolean;
}

/** Where closed windows go: the exporters implement it; tests plug a recording sink. */
export interface SignalSink {
  publish(signals: WindowSignals): void;
}
