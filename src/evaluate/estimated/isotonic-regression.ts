/** A fitted non-decreasing step-and-ramp function of a score. */
export interface IsotonicFit {
  /** The distinct training scores, ascending. */
  x: Float64Array;
  /** The fitted value at each of `x`, non-decreasing. */
  y: Float64Array;
  /** The fitted function at each value: linear between fitted points, clipped outside them. */
  predict(values: ArrayLike<number>): Float64Array;
}

/**
 * Isotonic (non-decreasing) least-squares regression of `y` on `x`, as sklearn 1.2.1's
 * `IsotonicRegression(out_of_bounds="clip").fit(x, y)`: rows with the same x are first
 * merged into one point whose value is their mean and whose weight is their count,
 * then the pool-adjacent-violators algorithm (Ayer et al. 1955) merges neighbouring
 * blocks while a block's weighted mean exceeds the next one's. The least-squares fit
 * is unique, so any correct PAVA gives sklearn's values (up to rounding).
 * Prediction interpolates linearly between the fitted points (sklearn's
 * `interp1d(kind="linear")`) and clips a value outside [min x, max x] to the nearest end.
 *
 * Used to calibrate scores into probabilities: y is the 0/1 label, so each fitted
 * value is the share of positives in its block.
 *
 * @param x the scores, any order, no NaN
 * @param y the targets, aligned with x
 * @throws RangeError when x and y differ in length, are empty, or hold NaN
 * @example fitIsotonicRegression([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]).predict([0.25, 0.5])
 * // => [0.5, 1]: the violating pair (0.2 → 1, 0.3 → 0) pools to 0.5
 */
export function fitIsotonicRegression(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  checkInput(x, y);
  const { uniqueX, meanY, weight } = mergeTiedScores(x, y);
  const fitted = poolAdjacentViolators(meanY, weight);
  return { x: uniqueX, y: fitted, predict: (values) => interpolateClipped(uniqueX, fitted, values) };
}

function checkInput(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new RangeError(`isotonic regression: ${x.length} scores but ${y.length} targets`);
  if (x.length === 0) throw new RangeError('isotonic regression: no rows to fit');
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]) || Number.isNaN(y[i])) throw new RangeError(`isotonic regression: row ${i} holds NaN`);
  }
}

/** Sorts by score and merges rows with equal scores into (score, mean target, count). */
function mergeTiedScores(x: ArrayLike<number>, y: ArrayLike<number>) {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const uniqueX: number[] = [];
  const meanY: number[] = [];
  const weight: number[] = [];
  for (let k = 0; k < order.length; ) {
    const score = x[order[k]];
    let sum = 0;
    let count = 0;
    for (; k < order.length && x[order[k]] === score; k++, count++) sum += y[order[k]];
    uniqueX.push(score);
    meanY.push(sum / count);
    weight.push(count);
  }
  return { uniqueX: Float64Array.from(uniqueX), meanY, weight };
}

/**
 * Weighted PAVA over values already ordered by score. Blocks live on a stack; a new
 * point is pushed, then merged with the block below while that block's mean is larger.
 */
function poolAdjacentViolators(values: readonly number[], weights: readonly number[]): Float64Array {
  const mean: number[] = [];
  const weight: number[] = [];
  const size: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let m = values[i];
    let w = weights[i];
    let s = 1;
    while (mean.length > 0 && mean[mean.length - 1] > m) {
      const below = mean.length - 1;
      const total = weight[below] + w;
      m = (mean[below] * weight[below] + m * w) / total;
      w = total;
      s += size[below];
      mean.pop();
      weight.pop();
      size.pop();
    }
    mean.push(m);
    weight.push(w);
    size.push(s);
  }
  const out = new Float64Array(values.length);
  let at = 0;
  for (let b = 0; b < mean.length; b++) out.fill(mean[b], at, (at += size[b]));
  return out;
}

function interpolateClipped(xs: Float64Array, ys: Float64Array, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  const last = xs.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) out[i] = NaN;
    else if (v <= xs[0]) out[i] = ys[0];
    else if (v >= xs[last]) out[i] = ys[last];
    else {
      const hi = firstAbove(xs, v);
      const lo = hi - 1;
      // interp1d's order of operations: slope first, then offset from the left point.
      const slope = (ys[hi] - ys[lo]) / (xs[hi] - xs[lo]);
      out[i] = slope * (v - xs[lo]) + ys[lo];
    }
  }
  return out;
}

/** Index of the first x strictly greater than v, for xs[0] < v < xs[last]. */
function firstAbove(xs: Float64Array, v: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] > v) hi = mid;
    else lo = mid;
  }
  return hi;
}
