import { boundedMessage, isFullSuccess, REJECTED_FIELD, type OtlpSignal, type PartialSuccess, type RpcStatus } from '../export-response.js';

/**
 * Export{Trace,Logs,Metrics}ServiceResponse in OTLP/JSON: `{}` on full success,
 * else `{"partialSuccess": {"rejectedSpans": "3", "errorMessage": "..."}}` with the
 * count field of the signal. int64 goes out as a decimal string, as proto3's JSON
 * mapping writes it (readers accept strings and numbers).
 */
export function encodeExportResponseJson(signal: OtlpSignal, partialSuccess?: PartialSuccess): string {
  if (isFullSuccess(partialSuccess)) return '{}';
  const body: Record<string, string> = {};
  if (partialSuccess.rejected !== 0) body[REJECTED_FIELD[signal]] = String(Math.trunc(partialSuccess.rejected));
  if (partialSuccess.errorMessage !== '') body.errorMessage = boundedMessage(partialSuccess.errorMessage);
  return JSON.stringify({ partialSuccess: body });
}

/** google.rpc.Status in JSON: `{"code": 3, "message": "..."}`. */
export function encodeStatusJson(status: RpcStatus): string {
  return JSON.stringify({ code: status.code, message: boundedMessage(status.message) });
}
