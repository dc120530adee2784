import type { Attributes, Span } from './types.js';

/**
 * A span as the decoders make it: a class rather than an object literal, because V8
 * pretenures objects by the literal that made them. Every span of a request lives
 * until the request has been decoded and consumed, so the scavenges during that time
 * find them all alive, and after a few requests V8 could decide to allocate that
 * literal's objects in the old generation directly. Each span then kept its
 * attribute Map and values alive until the next full collection: in about one process
 * in four, mark-compacts ran every ~130 ms and protobuf decoding ran at 220k spans/s
 * instead of 370k (bench:ingest's decode-only, same bodies). Objects made by a
 * constructor carry no such allocation site.
 */
export class DecodedSpan implements Span {
  constructor(
    readonly traceId: string,
    readonly spanId: string,
    readonly parentSpanId: string,
    readonly name: string,
    readonly kind: number,
    readonly startTimeUnixMs: number,
    readonly endTimeUnixMs: number,
    readonly attributes: Attributes,
    readonly status: { readonly code: number; readonly message: string },
  ) {}
}
