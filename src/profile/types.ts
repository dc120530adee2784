/**
 * What every per-feature profile offers, in the shape of opentelemetry-js
 * sdk-metrics' `Aggregator`: record values one at a time, merge accumulations of
 * disjoint record sets, copy. A profile summarises one feature of one model version
 * over one window (or the reference) in one pass with bounded memory.
 */
export interface Profile<T extends Profile<T>> {
  /** Records seen: values, missing ones and type mismatches. */
  readonly count: number;
  /** Records whose value was absent: null, undefined, '' or a non-finite number. */
  readonly missing: number;
  /** Records whose value had the wrong type for the feature. */
  readonly typeMismatch: number;
  /** Records that contributed a value: count - missing - typeMismatch. */
  readonly valueCount: number;

  /** Records one value of the feature (any type: the profile classifies it). */
  add(value: unknown): void;
  /** Whether `merge(other)` is allowed: same parameters on both sides. */
  mergeable(other: T): boolean;
  /**
   * Adds `other`'s records to this profile and returns this profile. `other` is never
   * modified. Throws an IncompatibleProfileError unless `mergeable(other)`.
   */
  merge(other: T): T;
  /** An independent deep copy. */
  clone(): T;
  /** Memory held by the profile, in bytes (see each implementation for how exact). */
  byteSize(): number;
}
