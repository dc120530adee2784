const view = new DataView(new ArrayBuffer(8));

/**
 * The smallest double greater than x (IEEE 754 nextUp). Used to turn "at or above
 * the threshold" into "strictly above" without a second comparison rule.
 *
 * @param x any double; NaN and +Infinity are returned as they are
 * @example nextUp(1) // => 1.0000000000000002
 * @example nextUp(0) // => 5e-324
 */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

/**
 * The largest double smaller than x (IEEE 754 nextDown): a bin edge just below a
 * value v makes a bin that holds the values below v and nothing else.
 *
 * @example nextDown(1) // => 0.9999999999999999
 */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
