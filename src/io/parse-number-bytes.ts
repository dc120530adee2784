/**
 * Decimal number parsing straight from a file's bytes: the hot path of reading a
 * large CSV, where making a string per field and calling Number() would dominate.
 *
 * Grammar (surrounding ASCII spaces allowed): [+-]? digits [. digits]? ([eE] [+-]? digits)?
 * with at least one digit in the mantissa, or a non-finite spelling (nan, inf, infinity,
 * any case, optionally signed). Hex, binary and digit separators are not numbers.
 *
 * Results are correctly rounded, like Number(): when the mantissa has at most 15
 * significant digits and the decimal exponent is within ±22, both the mantissa and
 * the power of ten are exact doubles, so one multiplication or division rounds once
 * (Clinger 1990, "How to read floating point numbers accurately"). Anything longer
 * is handed to Number() on the validated text.
 */

/** Returned when the bytes are not a number; distinct from NaN, which is a number. */
export const NOT_A_NUMBER = Symbol('not a number');

const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_DIGITS = 15;

const SPACE = 0x20;
const TAB = 0x09;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

export function parseNumberBytes(bytes: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
  if (start === end) return NOT_A_NUMBER;

  let i = start;
  let negative = false;
  if (bytes[i] === MINUS || bytes[i] === PLUS) {
    negative = bytes[i] === MINUS;
    i++;
  }

  let mantissa = 0;
  let significantDigits = 0;
  let digits = 0;
  let exponent = 0;
  for (; i < end; i++) {
    const d = bytes[i] - ZERO;
    if (d < 0 || d > 9) break;
    digits++;
    if (significantDigits > 0 || d !== 0) {
      significantDigits++;
      mantissa = mantissa * 10 + d;
    }
  }
  if (i < end && bytes[i] === DOT) {
    for (i++; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) break;
      digits++;
      exponent--;
      if (significantDigits > 0 || d !== 0) {
        significantDigits++;
        mantissa = mantissa * 10 + d;
      }
    }
  }
  if (digits === 0) return parseNonFinite(bytes, start, end);

  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i++;
    }
    const exponentStart = i;
    let written = 0;
    for (; i < end; i++) {
      const d = bytes[i] - ZERO;
      if (d < 0 || d > 9) break;
      // Past 1e6 the value is 0 or Infinity anyway; stop growing the integer.
      if (written < 1e6) written = written * 10 + d;
    }
    if (i === exponentStart) return NOT_A_NUMBER;
    exponent += exponentNegative ? -written : written;
  }
  if (i !== end) return NOT_A_NUMBER;

  if (significantDigits <= MAX_EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
    const magnitude = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
    return negative ? -magnitude : magnitude;
  }
  return Number(latin1(bytes, start, end));
}

function parseNonFinite(bytes: Uint8Array, start: number, end: number): number | typeof NOT_A_NUMBER {
  if (end - start > 9) return NOT_A_NUMBER;
  const word = latin1(bytes, start, end).toLowerCase();
  switch (word) {
    case 'nan': case '+nan': case '-nan':
      return NaN;
    case 'inf': case '+inf': case 'infinity': case '+infinity':
      return Infinity;
    case '-inf': case '-infinity':
      return -Infinity;
    default:
      return NOT_A_NUMBER;
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** The same grammar for a string (JSON Lines values, command-line arguments). */
export function parseNumberText(text: string): number | typeof NOT_A_NUMBER {
  // UTF-8, not latin1: a multi-byte character becomes bytes >= 0x80, never a digit.
  const bytes = Buffer.from(text, 'utf8');
  return parseNumberBytes(bytes, 0, bytes.length);
}
