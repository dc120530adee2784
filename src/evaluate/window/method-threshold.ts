import gammainc from '@stdlib/math-base-special-gammainc';
import type { DriftMethod } from '../drift/drift-method.js';
import { nextUp } from './adjacent-double.js';
import { ksPValueThreshold } from './ks-p-value.js';

/** What turning a statistic's limit into a p-value threshold depends on. */
export interface ThresholdContext {
  /** Reference size. */
  readonly n: number;
  /** Window size. */
  readonly m: number;
  /** Chi-square degrees of freedom of this window's comparison (bins - 1). */
  readonly degreesOfFreedom: number;
}

/**
 * The threshold, in the terms of the method's verdict (crossesThreshold: p-value
 * below it for `ks` and `chi2`, statistic at or above it for the rest), that means
 * "statistic strictly above `limit`". Strictly, because a window exactly at the
 * calibrated quantile of stationary windows is not evidence of drift, and statistics
 * on few categories or small windows take few values, each of which can carry more
 * than 1% of the stationary windows.
 *
 * @param limit the statistic's calibrated limit
 * @returns for distances the smallest double above `limit`; for `ks` see
 *   ksPValueThreshold; for `chi2` the upper-tail probability at `limit` with this
 *   window's degrees of freedom (NaN with none: a single bin never drifts)
 */
export function thresholdAbove(method: DriftMethod, limit: number, context: ThresholdContext): number {
  switch (method) {
    case 'ks':
      return ksPValueThreshold(limit, context.n, context.m);
    case 'chi2':
      return context.degreesOfFreedom > 0 ? gammainc(limit / 2, context.degreesOfFreedom / 2, true, true) : NaN;
    default:
      return nextUp(limit);
  }
}
