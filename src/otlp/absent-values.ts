import type { InstrumentationScope, Resource } from './types.js';

/*
 * What the data model holds where an OTLP message leaves a sub-message out: protobuf's
 * default instance of it. Both decoders use these, so JSON and protobuf decodes of
 * the same data stay deep-equal.
 */

/** A resource with no attributes (a fresh Map each time: consumers may add to it). */
export function emptyResource(): Resource {
  return { attributes: new Map() };
}

/** A scope with no name, version or attributes. */
export function emptyScope(): InstrumentationScope {
  return { name: '', version: '', attributes: new Map() };
}

/** A span status left out: UNSET with no message. Shared and frozen: a status is never changed downstream. */
export const UNSET_STATUS: { readonly code: number; readonly message: string } = Object.freeze({ code: 0, message: '' });

/** Exponential-histogram buckets left out: none, at offset 0. */
export function emptyBuckets(): { readonly offset: number; readonly bucketCounts: number[] } {
  return { offset: 0, bucketCounts: [] };
}
