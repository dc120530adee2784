import type { DriftMethod } from '../drift/drift-method.js';

/**
 * Where windowDrift gets calibrated thresholds (a ThresholdCalibrator of
 * src/evaluate/calibration implements it; a test can plug a fixed one).
 */
export interface ThresholdProvider {
  /**
   * The value of `method`'s statistic (for `ks` the statistic D, for `chi2` the
   * chi-square statistic, never a p-value) above which a window of `windowSize`
   * values drifts; undefined when none can be calibrated, and the §5 default applies.
   */
  statisticThreshold(method: DriftMethod, windowSize: number): number | undefined;
}
