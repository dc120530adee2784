import { ProtobufReader } from '../otlp/protobuf/protobuf-reader.js';
import { ProtobufWriter } from '../otlp/protobuf/protobuf-writer.js';
import { boundedMessage } from '../otlp/export-response.js';

/*
 * From googleapis/google/rpc/status.proto, error_details.proto and protobuf's any.proto, duration.proto:
 * google.rpc.Status    { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3 }
 * google.protobuf.Any  { string type_url = 1; bytes value = 2 }
 * google.rpc.RetryInfo { google.protobuf.Duration retry_delay = 1 }
 * google.protobuf.Duration { int64 seconds = 1; int32 nanos = 2 }
 */

/** The Any type URL of google.rpc.RetryInfo, as gRPC clients (the OTel SDK's and the Collector's) match it. */
export const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * The binary trailer `grpc-status-details-bin`: a google.rpc.Status repeating the
 * call's code and message, with a RetryInfo detail when `retryDelayMs` is given. An
 * OTLP/gRPC client retries RESOURCE_EXHAUSTED only when this detail is present, after
 * the delay it names (OTLP specification, "Failures").
 */
export function encodeStatusDetails(code: number, message: string, retryDelayMs?: number): Buffer {
  const writer = new ProtobufWriter();
  if (code !== 0) writer.varintField(1, code);
  if (message !== '') writer.stringField(2, boundedMessage(message));
  if (retryDelayMs !== undefined) {
    const seconds = Math.floor(retryDelayMs / 1000);
    const nanos = Math.round((retryDelayMs - seconds * 1000) * 1e6);
    writer.messageField(3, (any) => {
      any.stringField(1, RETRY_INFO_TYPE_URL);
      any.messageField(2, (retryInfo) => retryInfo.messageField(1, (duration) => {
        if (seconds !== 0) duration.varintField(1, seconds);
        if (nanos !== 0) duration.varintField(2, nanos);
      }));
    });
  }
  return Buffer.from(writer.finish());
}

/** The message of a google.rpc.Status in protobuf ('' when it has none or cannot be read). */
export function statusMessageOf(bytes: Uint8Array): string {
  try {
    const reader = new ProtobufReader(bytes);
    let message = '';
    while (reader.pos < bytes.length) {
      const tag = reader.uint32();
      if (tag === 18) message = reader.string();
      else reader.skip(tag);
    }
    return message;
  } catch {
    return '';
  }
}
