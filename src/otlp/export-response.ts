/** The three OTLP signals modelwatch receives, named as in their URL paths (`/v1/<signal>`). */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/**
 * OTLP's Export*PartialSuccess: how many spans, log records or data points the
 * server rejected, and why, in English. `rejected` 0 with a message is a warning.
 */
export interface PartialSuccess {
  readonly rejected: number;
  readonly errorMessage: string;
}

/**
 * True when there is nothing to report: no partial success, or one rejecting nothing
 * with no message. The specification requires partial_success to be left unset then.
 */
export function isFullSuccess(partialSuccess: PartialSuccess | undefined): partialSuccess is undefined {
  return partialSuccess === undefined || (partialSuccess.rejected === 0 && partialSuccess.errorMessage === '');
}

/** google.rpc.Status: the body of every 4xx and 5xx OTLP/HTTP response. */
export interface RpcStatus {
  /** A gRPC status code (google.rpc.Code); OTLP clients only log it. */
  readonly code: number;
  /** A developer-facing message in English. */
  readonly message: string;
}

/** The rejected-count field of each signal's partial success, as named in OTLP/JSON. */
export const REJECTED_FIELD: Readonly<Record<OtlpSignal, string>> = Object.freeze({
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
});

/** The spec caps a response at 4 MiB; a message this long already says all a client can use. */
export const MAX_ERROR_MESSAGE_LENGTH = 4096;

/** Cuts an error message to MAX_ERROR_MESSAGE_LENGTH characters, marking the cut. */
export function boundedMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...`;
}
