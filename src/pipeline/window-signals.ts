import type { FeatureQuality } from '../evaluate/quality/feature-quality.js';
import type { DriftBins } from '../evaluate/window/drift-bins.js';
import type { WindowDrift } from '../evaluate/window/window-drift.js';
import type { PerformanceSignals } from './performance-signals.js';

/** Where a verdict's threshold came from: calibrated on the reference, set in the config, or §5's default. */
export type ThresholdSource = 'calibrated' | 'configured' | 'default';

/** The trace and span of one record that made a signal, so an alert can link to it. */
export interface Exemplar {
  readonly traceId: string;
  readonly spanId: string;
}

/**
 * The drift and quality of one feature (or of `ml.prediction` / `ml.prediction.score`)
 * in one closed window: the window verdict's fields, with the feature's name, its
 * data quality and one record to link to.
 */
export interface FeatureSignal
  extends Pick<WindowDrift, 'method' | 'statistic' | 'pValue' | 'threshold' | 'thresholdSource' | 'drifted' | 'stats'> {
  readonly name: string;
  readonly quality: FeatureQuality;
  /** A record of this window with this feature, for the alert's trace link; absent if none was seen. */
  readonly exemplar?: Exemplar;
  /** The bins the verdict's binned statistics used, with the reference's and the window's counts (the live page draws them). */
  readonly bins?: DriftBins;
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
  /** A window's performance, each time it changes (late labels); sinks that show none leave it out. */
  publishPerformance?(signals: PerformanceSignals): void;
}
