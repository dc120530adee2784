import { z } from 'zod';
import { tryParseDuration, DURATION_FIX } from './duration.js';
import { tryParseByteSize, BYTE_SIZE_FIX } from './byte-size.js';

/**
 * The building blocks of the configuration schema. Each field carries one sentence
 * of what it expects, so every problem reads "expected X, got Y; fix" whatever zod
 * check failed (type, range or format).
 */

/** How a value a user wrote is shown back in a message. */
export function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'an empty value';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

function expected(what: string, fix?: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined
        ? `required: give ${what}`
        : `expected ${what}, got ${describeInput(issue.input)}${fix === undefined ? '' : `; ${fix}`}`,
  };
}

/** A whole number in [min, max]. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  return z.number(expected(`a whole number ${range}`)).int().min(min).max(max);
}

/**
 * A share in [0, 1], or a narrower range: `zero: false` excludes 0, `max` lowers the
 * top, `maxIncluded: false` excludes it.
 */
export function ratio(bounds: { zero?: boolean; max?: number; maxIncluded?: boolean } = {}) {
  const { zero = true, max = 1, maxIncluded = true } = bounds;
  const text = `a number ${zero ? 'from 0' : 'above 0'} ${maxIncluded ? `to ${max}` : `and below ${max}`}`;
  const base = z.number(expected(text));
  const low = zero ? base.min(0) : base.gt(0);
  return maxIncluded ? low.max(max) : low.lt(max);
}

/** A finite number at or above zero: a drift threshold. */
export function nonNegative() {
  return z.number(expected('a number at or above 0')).min(0).finite();
}

/** A YAML boolean. */
export function flag() {
  return z.boolean(expected('true or false'));
}

/** A string with something in it once trimmed; `what` says what it names, for messages. */
export function text(what = 'a non-empty string') {
  return z.string(expected(what)).trim().min(1);
}

/** A TCP port; what 0 means is said by `zero` (listen anywhere, or turned off). */
export function port(zero: string) {
  return z.number(expected(`a whole number from 0 (${zero}) to 65535`)).int().min(0).max(65535);
}

/** An interface to listen on: a name or address, without scheme or port. */
export function host() {
  return z.string(expected('a host name or IP address such as 127.0.0.1 or 0.0.0.0, without scheme or port'))
    .trim().min(1).regex(/^(?:[A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/);
}

/** A duration string (`500ms`, `2s`, `1m`, `1h`, `1m30s`), read into milliseconds. */
export function duration() {
  return z.unknown().transform((value, context) => {
    const ms = typeof value === 'string' ? tryParseDuration(value) : undefined;
    if (ms === undefined) {
      context.issues.push({ code: 'custom', input: value, message: `expected a duration, got ${describeInput(value)}; ${DURATION_FIX}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** A byte size (`67108864`, `64MiB`), read into bytes, at least `min`. */
export function byteSize(min: number) {
  return z.unknown().transform((value, context) => {
    const bytes = tryParseByteSize(value);
    if (bytes === undefined || bytes < min) {
      const why = bytes === undefined ? BYTE_SIZE_FIX : `the smallest is ${min} bytes`;
      context.issues.push({ code: 'custom', input: value, message: `expected a size in bytes, got ${describeInput(value)}; ${why}` });
      return z.NEVER;
    }
    return bytes;
  });
}

/** An http:// or https:// base URL. */
export function httpUrl() {
  return z.string(expected('an http:// or https:// URL such as http://localhost:4318'))
    .trim().refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    });
}

/**
 * A string the user may have written as a number (`version: 2`): whole numbers are
 * read as their digits; any other number is refused, since YAML has already turned
 * `1.10` into 1.1 and the text the user meant is gone.
 */
export function stringOrInteger(what: string) {
  return z.unknown().transform((value, context) => {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    const got = typeof value === 'number'
      ? `the number ${value}; put it in quotes exactly as written, since YAML reads 1.10 as 1.1`
      : describeInput(value);
    context.issues.push({ code: 'custom', input: value, message: `expected ${what}, got ${got}` });
    return z.NEVER;
  });
}

/** One of a fixed set of words. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, expected(`one of ${values.join(', ')}`));
}

/**
 * A mapping of known keys, like a Collector component's config struct: an unknown
 * key is an error (it is usually a typo, and silently ignoring it hides the mistake)
 * and the message lists the keys that exist.
 */
export function section<Shape extends z.core.$ZodLooseShape>(what: string, shape: Shape) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => issue.code === 'unrecognized_keys'
      ? `unknown key; the keys of ${what} are: ${keys}`
      : `expected a mapping of ${what}, got ${describeInput(issue.input)}`,
  });
}

/**
 * Runs a cross-key check even when another key of the same mapping is wrong, so
 * every problem shows in one run; the check must then read only keys it has
 * confirmed to be of the right type.
 */
export const evenWithOtherProblems = {
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
};

/** The message used for a list that is not one. */
export function listOf(what: string) {
  return expected(`a list of ${what}`);
}

/** The message used for a mapping that is not one. */
export function mappingOf(what: string) {
  return expected(`a mapping of ${what}`);
}
