import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { ReceiverError } from './receiver-errors.js';

/** The Content-Encodings the receiver reads (OTLP requires gzip; deflate is HTTP's zlib format). */
export type BodyEncoding = 'identity' | 'gzip' | 'deflate';

/** The encoding named by a Content-Encoding header, or undefined for one the receiver cannot read. */
export function bodyEncodingOf(header: string | undefined): BodyEncoding | undefined {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  return undefined;
}

/** The client went away before its body arrived: there is nobody to answer. */
export class BodyAbortedError extends Error {
  constructor() {
    super('the client closed the connection before sending the whole body');
    this.name = 'BodyAbortedError';
  }
}

export interface BodyLimits {
  /** Largest body after decompression. */
  readonly maxBytes: number;
  /** Asks the intake for `bytes` more; false refuses the request (503). */
  readonly reserve: (bytes: number) => boolean;
  /** Counts body bytes as they are read. */
  readonly onBytes: (bytes: number) => void;
}

/** A body as read: decompressed, and as it came over the wire when it came compressed. */
export interface ReadBody {
  readonly body: Buffer;
  readonly wire?: CompressedBody;
}

/** A request body as received, before decompression. */
export interface CompressedBody {
  readonly encoding: 'gzip' | 'deflate';
  readonly bytes: Buffer;
}

/**
 * Reads a request body, decompressing as it streams. The size cap applies to the
 * decompressed bytes chunk by chunk (zlib emits at most 16 KiB at a time), so a
 * gzip bomb is stopped one chunk past the cap, never inflated whole. Rejects with a
 * ReceiverError (413 too large, 503 intake full, 400 corrupt compression) or a
 * BodyAbortedError. A compressed body is also kept as received (a few times smaller:
 * what a journal writes).
 * @param into room for an uncompressed body of exactly its Content-Length (RouteOptions.bodyPool):
 * the body is read into it, and the body returned is `into` itself once it is full
 */
export function readBody(request: IncomingMessage, encoding: BodyEncoding, limits: BodyLimits, into?: Buffer): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const inflater: Gunzip | Inflate | undefined =
      encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;
    const source: Readable = inflater ?? request;
    // Straight into `into` when there is one and nothing to inflate: one copy of each chunk, no buffer made for the whole body.
    const room = inflater === undefined ? into : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const wireChunks: Buffer[] = [];
    const onWire = (chunk: Buffer): void => {
      wireChunks.push(chunk);
    };
    let settled = false;

    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      source.off('end', onEnd);
      request.off('close', onClose);
      request.off('data', onWire);
      if (inflater !== undefined) {
        request.unpipe(inflater);
        inflater.destroy();
      }
      if (error !== undefined) reject(error);
      else {
        const body = room !== undefined ? (size === room.length ? room : room.subarray(0, size))
          : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
        resolve(encoding === 'identity' ? { body } : { body, wire: { encoding, bytes: Buffer.concat(wireChunks) } });
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      limits.onBytes(chunk.length);
      if (size > limits.maxBytes) settle(new ReceiverError('MODELWATCH_ERR_BODY_TOO_LARGE', String(limits.maxBytes)));
      else if (!limits.reserve(chunk.length)) settle(new ReceiverError('MODELWATCH_ERR_INTAKE_FULL', 'too many body bytes buffered'));
      else if (room === undefined) chunks.push(chunk);
      // node:http's framing stops a body at its Content-Length, the room's length: a chunk past it cannot come.
      else if (size > room.length) settle(new Error(`a body longer than its Content-Length (${room.length} bytes) arrived`));
      else chunk.copy(room, size - chunk.length);
    };
    const onEnd = (): void => settle();
    const onClose = (): void => {
      if (!request.complete) settle(new BodyAbortedError());
    };

    source.on('data', onData);
    source.once('end', onEnd);
    request.on('close', onClose);
    if (inflater !== undefined) {
      // Stays attached after settling: a late zlib error must not become an uncaught 'error' event.
      inflater.on('error', (error) => settle(new ReceiverError('MODELWATCH_ERR_BODY_CORRUPT', encoding, error.message)));
      request.on('data', onWire);
      request.pipe(inflater);
    }
  });
}
