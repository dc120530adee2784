/**
 * A float32 element as the shortest decimal that is the same float32: 3.4 fed through
 * a Float32Array is 3.4000000953674316 as a double, and sent as such it would sit above
 * a reference maximum of 3.4 (an out-of-range value the user never gave) and print as
 * noise. Six significant digits suffice for most values; nine always do. About 0.2 µs
 * a value (integers and non-finite values are returned at once).
 */
export function shortestFloat32(value: number): number {
  if (Number.isInteger(value) || !Number.isFinite(value)) return value;
  for (let digits = 6; digits <= 9; digits++) {
    const decimal = Number(value.toPrecision(digits));
    if (Math.fround(decimal) === value) return decimal;
  }
  return value;
}
