/**
 * Guards the regression metrics' boundary: target and prediction must be aligned.
 *
 * @throws RangeError naming the metric and both lengths when they differ
 */
export function checkSameLength(metric: string, target: ArrayLike<number>, prediction: ArrayLike<number>): void {
  if (target.length !== prediction.length) {
    throw new RangeError(
      `${metric}: target has ${target.length} values but prediction has ${prediction.length}; they must be aligned row by row`,
    );
  }
}
