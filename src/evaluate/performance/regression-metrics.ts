import { checkSameLength } from './check-same-length.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { r2Score } from './r2-score.js';
import { rootMeanSquaredError } from './root-mean-squared-error.js';

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  /** A fraction: 0.1 means 10 %. */
  mape: number;
  r2: number;
}

/**
 * MAE, RMSE, MAPE and R² of one window (or file), matching sklearn 1.2.1's
 * mean_absolute_error, sqrt(mean_squared_error), mean_absolute_percentage_error and
 * r2_score; see each function. Rows with a missing value are dropped by the caller.
 *
 * @param target true values
 * @param prediction predicted values, aligned with target
 * @returns every metric NaN for empty input; r2 NaN for a single row
 * @throws RangeError when the lengths differ
 * @example regressionMetrics(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 4))
 * // => { mae: 1/3, rmse: sqrt(1/3), mape: 1/9, r2: 0.5 }
 */
export function regressionMetrics(target: Float64Array, prediction: Float64Array): RegressionMetrics {
  checkSameLength('regressionMetrics', target, prediction);
  return {
    mae: meanAbsoluteError(target, prediction),
    rmse: rootMeanSquaredError(target, prediction),
    mape: meanAbsolutePercentageError(target, prediction),
    r2: r2Score(target, prediction),
  };
}
