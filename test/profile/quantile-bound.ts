import { ZERO_THRESHOLD, type NumericProfile } from '../../src/profile/index.js';

/**
 * The documented error bound of NumericProfile.quantile(q) (see its doc comment),
 * computed from the exact sorted values, with slack for floating-point rounding in
 * the interpolation only.
 */
export function quantileBound(p: NumericProfile, sorted: Float64Array, q: number): number {
  const alpha = p.relativeAccuracy;
  const cb = p.collapseBound;
  const e = (x: number): number => {
    const m = Math.abs(x);
    if (m < ZERO_THRESHOLD) return ZERO_THRESHOLD;
    return m <= cb ? cb : alpha * m;
  };
  const r = q * (sorted.length - 1);
  const i = Math.floor(r);
  const f = r - i;
  const a = sorted[i];
  const b = f === 0 ? a : sorted[i + 1];
  const bound = (1 - f) * e(a) + f * e(b);
  return bound * (1 + 1e-9) + 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
}
