import type { DriftMethod } from '../drift/drift-method.js';

/**
 * A calibrated threshold, on whichever side is cheaper to state exactly:
 * - `statisticAbove`: the window drifts when the method's statistic (for `ks` the
 *   statistic D, for `chi2` the chi-square statistic) is strictly above it;
 * - `pValueBelow`: the window drifts when the method's p-value is strictly below it
 *   (for a test whose null distribution is known exactly, e.g. KS on untied values).
 */
export type CalibratedThreshold =
  | { readonly statisticAbove: number; readonly pValueBelow?: undefined }
  | { readonly pValueBelow: number; readonly statisticAbove?: undefined };

/**
 * Where windowDrift gets calibrated thresholds (a ThresholdCalibrator of
 * src/evaluate/calibration implements it; a test can plug a fixed one).
 */
export interface ThresholdProvider {
  /**
   * The threshold for `method` on a window of `windowSize` values; undefined when none
   * can be calibrated, and the §5 default applies.
   */
  threshold(method: DriftMethod, windowSize: number): CalibratedThreshold | undefined;
}
