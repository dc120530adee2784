/** A decimal number as text: optional sign, digits with an optional point, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of NaN and ±Infinity written by JS, numpy and pandas. */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * How a numeric feature reads a value that is not a JS number (the profile's slow
 * path; numbers are handled inline).
 *
 * - null, undefined, '' (after trimming), and the strings NaN / inf / Infinity (any
 *   case and sign), or a decimal string or bigint too large for a double: missing.
 * - a decimal string such as ' 3.5 ', '-1e3' (CSV, OTLP/JSON int64 as text) or a
 *   bigint: that number.
 * - anything else (booleans, objects, arrays, other strings such as 'abc' or '0x10'):
 *   a type mismatch.
 *
 * @returns the finite value, NaN for missing, or undefined for a type mismatch
 * @example numericValue('2.5') // => 2.5; numericValue('') // => NaN; numericValue(true) // => undefined
 */
export function numericValue(value: unknown): number | undefined {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'bigint') {
    const x = Number(value);
    return Number.isFinite(x) ? x : NaN;
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '' || NON_FINITE.test(s)) return NaN;
  if (!DECIMAL.test(s)) return undefined;
  const x = Number(s);
  return Number.isFinite(x) ? x : NaN;
}
