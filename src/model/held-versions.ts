import { diag } from '@opentelemetry/api';
import type { InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import type { HandoffOutcome, VersionHandoff } from './version-handoff.js';
import type { VersionState } from './version-state.js';
import { versionKeyOf } from './version-key.js';

/** A batch held while its version is asked for, with the time it came. */
export interface HeldBatch {
  readonly batch: InferenceBatch;
  readonly nowUnixMs: number;
}

/** What the holding asks of the registry when a handoff ends. */
export interface HeldVersionsHost {
  /** Takes in a state another replica handed over (ModelRegistry.importVersion). @throws when it cannot */
  importVersion(state: VersionState): void;
  /** Takes a version's held records, in their order, once its handoff ended. */
  takeHeld(key: ModelKey, batches: readonly HeldBatch[]): void;
}

interface HeldVersion {
  readonly key: ModelKey;
  readonly batches: HeldBatch[];
  rows: number;
  ended: boolean;
  timer?: NodeJS.Timeout;
  asked?: Promise<void>;
}

/**
 * The versions whose records are held while the other replicas are asked for their
 * state (VersionHandoff): the first batch of a version starts the asking, the next
 * ones wait with it, and the handoff ends with the answer, the timeout, or too many
 * rows held, whichever comes first. Then the states handed over are imported and the
 * held records taken, in that order.
 */
export class HeldVersions {
  readonly #handoff: VersionHandoff;
  readonly #host: HeldVersionsHost;
  readonly #held = new Map<string, HeldVersion>();

  constructor(handoff: VersionHandoff, host: HeldVersionsHost) {
    this.#handoff = handoff;
    this.#host = host;
  }

  get size(): number {
    return this.#held.size;
  }

  has(key: ModelKey): boolean {
    return this.#held.has(versionKeyOf(key));
  }

  /** Holds a batch of a version not known here, asking the other replicas for it if this is its first. */
  hold(batch: InferenceBatch, nowUnixMs: number): void {
    let held = this.#held.get(versionKeyOf(batch));
    if (held === undefined) held = this.#askFor({ model: batch.model, version: batch.version });
    held.batches.push({ batch, nowUnixMs });
    held.rows += batch.rows;
    if (held.rows >= this.#handoff.maxHeldRows) this.#end(held, [], 'held_rows');
  }

  /** Resolves once every handoff under way has ended (each within its timeout). */
  async settled(): Promise<void> {
    await Promise.all([...this.#held.values()].map((held) => held.asked));
  }

  #askFor(key: ModelKey): HeldVersion {
    const held: HeldVersion = { key, batches: [], rows: 0, ended: false };
    this.#held.set(versionKeyOf(key), held);
    held.timer = setTimeout(() => this.#end(held, [], 'timeout'), this.#handoff.timeoutMs);
    held.timer.unref();
    held.asked = this.#handoff.fetch(key).then(
      (states) => this.#end(held, states, states.length > 0 ? 'imported' : 'not_found'),
      (error: unknown) => {
        diag.warn(`modelwatch: asking the other replicas for ${key.model} ${key.version} failed; it starts on its own reference`, error);
        this.#end(held, [], 'failed');
      },
    );
    return held;
  }

  /**
   * Ends a handoff: the states handed over are imported (an answer after the wait
   * ended too: it was forgotten where it came from), then the held records are taken
   * as if they had just come.
   */
  #end(held: HeldVersion, states: readonly VersionState[], outcome: HandoffOutcome): void {
    let imported = 0;
    for (const state of states) {
      try {
        this.#host.importVersion(state);
        imported++;
      } catch (error) {
        diag.error(`modelwatch: the state of ${held.key.model} ${held.key.version} handed over by another replica could not be imported`, error);
      }
    }
    if (held.ended) return;
    held.ended = true;
    clearTimeout(held.timer);
    this.#held.delete(versionKeyOf(held.key));
    this.#handoff.ended(held.key, imported === 0 && outcome === 'imported' ? 'failed' : outcome);
    this.#host.takeHeld(held.key, held.batches);
  }
}

