import type { PerformanceMetrics } from '../feedback/observed-performance.js';

/** Observed from ground truth joined to predictions, or estimated without it (CONVENTIONS.md §4 `ml.performance.source`). */
export type PerformanceSource = 'observed' | 'estimated';

/**
 * A model version's performance in one window, each time it changes: a window's
 * observed figures change for as long as late labels for its predictions arrive.
 */
export interface PerformanceSignals {
  readonly model: string;
  readonly version: string;
  readonly source: PerformanceSource;
  /** The window of the predictions (not of the labels). */
  readonly windowStartUnixMs: number;
  readonly windowEndUnixMs: number;
  /** The metrics that apply and could be computed. */
  readonly metrics: PerformanceMetrics;
  /** The same metrics on the reference's labelled rows, when known: the baseline alerts compare with. */
  readonly baseline?: PerformanceMetrics;
  /** Predictions with ground truth. */
  readonly labelled: number;
  /** Share of the window's predictions (kept for the join) that have ground truth (`ml.feedback.coverage`). */
  readonly coverage: number;
}
