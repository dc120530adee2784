import { ModelwatchError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** One or more `<number><unit>` terms, Go-style (`1m30s`); units ms, s, m, h, d (days, for horizons). */
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;
const TERM = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** What the configuration and the CLI say when a duration cannot be read. */
export const DURATION_FIX = 'write a number and a unit, such as 500ms, 2s, 1m, 1h or 1m30s';

/**
 * Reads a duration such as `500ms`, `2s`, `1m`, `1h` or `1m30s` into whole
 * milliseconds (rounded to the nearest), or undefined when the text is not one, or
 * is shorter than a millisecond. A bare number is refused: `60` could mean seconds
 * or milliseconds, and a wrong guess changes a window by a factor of 1,000.
 *
 * @example tryParseDuration('1m30s') // 90000
 */
export function tryParseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(TERM)) ms += Number(amount) * UNIT_MS[unit];
  const whole = Math.round(ms);
  return whole >= 1 && Number.isSafeInteger(whole) ? whole : undefined;
}

/**
 * Like {@link tryParseDuration}, for callers that want a coded error.
 *
 * @returns the duration in whole milliseconds
 * @throws ModelwatchError MODELWATCH_ERR_USAGE when the text is not a duration of at least 1ms
 * @example parseDuration('2s') // 2000
 */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', `${JSON.stringify(text)} is not a duration of at least 1ms; ${DURATION_FIX}`);
  }
  return ms;
}

/** Writes milliseconds back the way a person would type them (`90000` → `1m30s`), for messages. */
export function formatDuration(ms: number): string {
  if (ms % 1_000 !== 0) return `${ms}ms`;
  let rest = ms / 1_000;
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
