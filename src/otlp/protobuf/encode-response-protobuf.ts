import { boundedMessage, isFullSuccess, type OtlpSignal, type PartialSuccess, type RpcStatus } from '../export-response.js';
import { ProtobufWriter } from './protobuf-writer.js';

/*
 * Export{Trace,Logs,Metrics}ServiceResponse { partial_success 1 }
 * Export*PartialSuccess { rejected_spans | rejected_log_records | rejected_data_points 1 (int64),
 *                         error_message 2 }
 * google.rpc.Status { code 1 (int32), message 2, details 3 (not written) }
 */

const EMPTY = new Uint8Array(0);

/**
 * An Export*ServiceResponse in protobuf: empty (a valid message with no fields) on
 * full success, else its partial_success. The three signals' messages have the same
 * field numbers, so the signal only documents the call.
 */
export function encodeExportResponseProtobuf(_signal: OtlpSignal, partialSuccess?: PartialSuccess): Uint8Array {
  if (isFullSuccess(partialSuccess)) return EMPTY;
  return new ProtobufWriter()
    .messageField(1, (inner) => {
      if (partialSuccess.rejected !== 0) inner.varintField(1, Math.trunc(partialSuccess.rejected));
      if (partialSuccess.errorMessage !== '') inner.stringField(2, boundedMessage(partialSuccess.errorMessage));
    })
    .finish();
}

/** google.rpc.Status in protobuf. */
export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  const writer = new ProtobufWriter();
  if (status.code !== 0) writer.varintField(1, status.code);
  if (status.message !== '') writer.stringField(2, boundedMessage(status.message));
  return writer.finish();
}
