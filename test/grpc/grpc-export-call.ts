import { Client, credentials as grpcCredentials, Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { OTLP_GRPC_SERVICES, RETRY_INFO_TYPE_URL } from '../../src/receiver-grpc/index.js';
import type { OtlpSignal } from '../../src/otlp/export-response.js';
import { ProtobufReader } from '../../src/otlp/protobuf/protobuf-reader.js';

/** What one raw OTLP/gRPC Export call got back. */
export interface ExportAnswer {
  readonly code: status;
  readonly details: string;
  /** partial_success of the response, when the call succeeded and carried one. */
  readonly partial?: { rejected: number; errorMessage: string };
  /** From the google.rpc.Status in `grpc-status-details-bin`, when the trailer was sent. */
  readonly statusDetails?: { code: number; message: string; retryDelayMs?: number };
}

export interface ExportCallOptions {
  readonly bearer?: string;
  /** Compress the request with gzip (grpc-encoding: gzip). */
  readonly gzip?: boolean;
  readonly credentials?: ChannelCredentials;
}

/**
 * One unary Export on a fresh grpc-js channel to 127.0.0.1:`port`, the request given
 * as its protobuf bytes, bounded by a 10 s deadline; the channel is closed after.
 */
export function exportCall(port: number, signal: OtlpSignal, body: Uint8Array, options: ExportCallOptions = {}): Promise<ExportAnswer> {
  const client = new Client(`127.0.0.1:${port}`, options.credentials ?? grpcCredentials.createInsecure(), {
    ...(options.gzip === true ? { 'grpc.default_compression_algorithm': 2 } : {}),
  });
  const metadata = new Metadata();
  if (options.bearer !== undefined) metadata.set('authorization', `Bearer ${options.bearer}`);
  return new Promise<ExportAnswer>((resolve) => {
    client.makeUnaryRequest(`/${OTLP_GRPC_SERVICES[signal]}/Export`, (bytes: Uint8Array) => Buffer.from(bytes), (bytes: Buffer) => bytes,
      body, metadata, { deadline: Date.now() + 10_000 }, (error: ServiceError | null, response?: Buffer) => {
        if (error === null) {
          const partial = response === undefined || response.length === 0 ? undefined : readPartialSuccess(response);
          resolve({ code: status.OK, details: '', ...(partial === undefined ? {} : { partial }) });
          return;
        }
        const raw = error.metadata?.get('grpc-status-details-bin')[0];
        resolve({
          code: error.code, details: error.details,
          ...(raw instanceof Buffer ? { statusDetails: readStatus(raw) } : {}),
        });
      });
  }).finally(() => client.close());
}

/** Export*ServiceResponse { partial_success 1 { rejected 1, error_message 2 } }. */
function readPartialSuccess(bytes: Uint8Array): { rejected: number; errorMessage: string } | undefined {
  const r = new ProtobufReader(bytes);
  let partial: { rejected: number; errorMessage: string } | undefined;
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag !== 10) {
      r.skip(tag);
      continue;
    }
    const end = r.end();
    partial = { rejected: 0, errorMessage: '' };
    while (r.pos < end) {
      const inner = r.uint32();
      if (inner === 8) partial.rejected = r.int64();
      else if (inner === 18) partial.errorMessage = r.string();
      else r.skip(inner);
    }
  }
  return partial;
}

/** google.rpc.Status { code 1, message 2, details 3: Any { type_url 1, value 2: RetryInfo { retry_delay 1: Duration } } }. */
function readStatus(bytes: Uint8Array): { code: number; message: string; retryDelayMs?: number } {
  const r = new ProtobufReader(bytes);
  const result: { code: number; message: string; retryDelayMs?: number } = { code: 0, message: '' };
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag === 8) result.code = r.int32();
    else if (tag === 18) result.message = r.string();
    else if (tag === 26) {
      const end = r.end();
      let typeUrl = '';
      let value: Uint8Array = new Uint8Array(0);
      while (r.pos < end) {
        const inner = r.uint32();
        if (inner === 10) typeUrl = r.string();
        else if (inner === 18) value = r.bytesField();
        else r.skip(inner);
      }
      if (typeUrl === RETRY_INFO_TYPE_URL) result.retryDelayMs = readRetryDelayMs(value);
    } else r.skip(tag);
  }
  return result;
}

function readRetryDelayMs(bytes: Uint8Array): number {
  const r = new ProtobufReader(bytes);
  let ms = 0;
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag !== 10) {
      r.skip(tag);
      continue;
    }
    const end = r.end();
    while (r.pos < end) {
      const inner = r.uint32();
      if (inner === 8) ms += r.int64() * 1000;
      else if (inner === 16) ms += r.int32() / 1e6;
      else r.skip(inner);
    }
  }
  return ms;
}
