import { isMissingToken } from '../io/missing-token.js';
import { NOT_A_NUMBER, parseNumberText } from '../io/parse-number-bytes.js';

/**
 * How a numeric feature reads a value that is not a JS number (the profile's slow
 * path; numbers are handled inline). The rules are the report's (README, "Missing
 * and invalid values"), so a file and a stream of spans count the same things:
 *
 * - null, undefined, a missing-value token ('', NA, N/A, NaN, null, None, ...), a
 *   non-finite number or its spelling (inf, -Infinity), or a bigint too large for a
 *   double: missing.
 * - a decimal string such as ' 3.5 ', '-1e3' (CSV, OTLP/JSON int64 as text) or a
 *   bigint: that number.
 * - anything else (booleans, objects, arrays, other strings such as 'abc' or '0x10'):
 *   a type mismatch.
 *
 * @returns the finite value, NaN for missing, or undefined for a type mismatch
 * @example numericValue('2.5') // => 2.5; numericValue('NA') // => NaN; numericValue(true) // => undefined
 */
export function numericValue(value: unknown): number | undefined {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'bigint') {
    const x = Number(value);
    return Number.isFinite(x) ? x : NaN;
  }
  if (typeof value !== 'string') return undefined;
  if (isMissingToken(value)) return NaN;
  const x = parseNumberText(value);
  if (x === NOT_A_NUMBER) return undefined;
  return Number.isFinite(x) ? x : NaN;
}
