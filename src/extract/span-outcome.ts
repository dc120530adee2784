import { StatusCode, type Span } from '../otlp/types.js';

/**
 * `error.type` of a failed call whose span gave none: the fallback value the
 * OpenTelemetry semantic conventions define for `error.type`.
 */
export const UNKNOWN_ERROR_TYPE = '_OTHER';

/**
 * The time that decides an inference batch's window: the span's end (the prediction
 * exists once the call returns), its start when the end is absent, else `now()` (the
 * time it was received, as OTLP's observed time for logs).
 */
export function batchTime(span: Span, now: () => number): number {
  return batchTimeOf(span.endTimeUnixMs, span.startTimeUnixMs, now);
}

/** batchTime from the span's two times (Unix ms, 0 when absent). */
export function batchTimeOf(endTimeUnixMs: number, startTimeUnixMs: number, now: () => number): number {
  return endTimeUnixMs || startTimeUnixMs || now();
}

/**
 * Whether the call failed, as OpenTelemetry says it: `error.type` when the span
 * has a string one, `_OTHER` when only the status is ERROR, else undefined.
 */
export function errorTypeOf(span: Span, errorType: unknown): string | undefined {
  return errorTypeFor(span.status.code, errorType);
}

/** errorTypeOf from the span's status code. */
export function errorTypeFor(statusCode: number, errorType: unknown): string | undefined {
  if (typeof errorType === 'string' && errorType !== '') return errorType;
  return statusCode === StatusCode.ERROR ? UNKNOWN_ERROR_TYPE : undefined;
}
