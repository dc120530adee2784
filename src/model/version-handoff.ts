import type { ModelKey } from '../extract/inference-batch.js';
import type { VersionState } from './version-state.js';

/**
 * How asking the other replicas for a version's state ended: `imported` (one had it
 * and handed it over), or why the version starts on its own automatic reference
 * instead: no replica had it (`not_found`), some could not be asked (`failed`), the
 * answer took longer than the wait (`timeout`), or more records came meanwhile than
 * are held (`held_rows`).
 */
export type HandoffOutcome = 'imported' | 'not_found' | 'failed' | 'timeout' | 'held_rows';

/**
 * Where a replica gets the state of a version it sees for the first time, when models
 * move between replicas (the Collector's load-balancing ring changed): the registry
 * holds the version's records while it asks, then imports what it got and takes the
 * held records, so the version continues as if it had never moved.
 */
export interface VersionHandoff {
  /** The states of the version the others held, each handed over and forgotten there; none when no replica had it. */
  fetch(key: ModelKey): Promise<VersionState[]>;
  /** How long records are held waiting for the answer. */
  readonly timeoutMs: number;
  /** Records held at most per version: past it the wait ends. */
  readonly maxHeldRows: number;
  /** Told how each handoff ended, for the self-metrics. */
  ended(key: ModelKey, outcome: HandoffOutcome): void;
}
