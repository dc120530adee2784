import { connect, constants } from 'node:http2';
import { OTLP_GRPC_SERVICES } from '../../src/receiver-grpc/index.js';
import type { OtlpSignal } from '../../src/otlp/export-response.js';

/** What a raw gRPC call got back, or that nothing came within the wait. */
export type RawAnswer = { readonly answered: true; readonly grpcStatus: number; readonly grpcMessage: string } | { readonly answered: false };

export interface RawCallOptions {
  readonly bearer?: string;
  /**
   * The length-prefixed message to send: `compressed` sets the frame's compressed flag
   * and announces `grpc-encoding: gzip`, whatever the bytes are. Without a message the
   * stream stays open and nothing is sent after the headers.
   */
  readonly message?: { readonly bytes: Uint8Array; readonly compressed: boolean };
  /** How long to wait for the status. */
  readonly waitMs: number;
}

/**
 * One Export call written at the HTTP/2 level (gRPC over HTTP/2: PROTOCOL-HTTP2.md), so a
 * test can do what a grpc-js client never does: send a frame flagged gzip that is not
 * gzip, or send the headers and then nothing. The session is closed after.
 */
export function rawExportCall(port: number, signal: OtlpSignal, options: RawCallOptions): Promise<RawAnswer> {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  const stream = session.request({
    [constants.HTTP2_HEADER_METHOD]: 'POST',
    [constants.HTTP2_HEADER_PATH]: `/${OTLP_GRPC_SERVICES[signal]}/Export`,
    [constants.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
    te: 'trailers',
    ...(options.message?.compressed === true ? { 'grpc-encoding': 'gzip' } : {}),
    ...(options.bearer === undefined ? {} : { authorization: `Bearer ${options.bearer}` }),
  }, { endStream: false });
  stream.on('error', () => undefined);
  return new Promise<RawAnswer>((resolve) => {
    const timer = setTimeout(() => resolve({ answered: false }), options.waitMs);
    const settle = (headers: Record<string, unknown>): void => {
      if (headers['grpc-status'] === undefined) return;
      clearTimeout(timer);
      resolve({ answered: true, grpcStatus: Number(headers['grpc-status']), grpcMessage: decodeURIComponent(String(headers['grpc-message'] ?? '')) });
    };
    // A trailers-only answer comes as the response headers; any other as trailers.
    stream.on('response', settle);
    stream.on('trailers', settle);
    stream.resume();
    if (options.message !== undefined) {
      const frame = Buffer.alloc(5 + options.message.bytes.length);
      frame.writeUInt8(options.message.compressed ? 1 : 0, 0);
      frame.writeUInt32BE(options.message.bytes.length, 1);
      frame.set(options.message.bytes, 5);
      stream.end(frame);
    }
  }).finally(() => {
    stream.destroy();
    session.destroy();
  });
}
