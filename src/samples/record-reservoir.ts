import type { FeatureValue, InferenceBatch } from '../extract/inference-batch.js';
import { AlgorithmL, type AlgorithmLState } from './algorithm-l.js';
import { batchRecord } from './batch-record.js';
import type { SampleRecord } from './sample-record.js';

/**
 * A uniform sample of at most `capacity` records of one stream (Algorithm L), with an
 * index from inference id to slot kept in step, so feedback arriving later can label
 * the record while it is still in the sample.
 */
export class RecordReservoir {
  readonly #skips: AlgorithmL;
  readonly #records: SampleRecord[] = [];
  /**
   * Inference id to slot, made on the first label (attachLabel) and kept in step from
   * then on: a model without feedback never pays for it. Kept from the start, its
   * updates were a quarter of what a take cost (bench/sample-takes.ts).
   */
  #slotById: Map<string, number> | undefined;
  /** When each slot was last filled (a count of puts), so an index made late points where one kept all along would. */
  readonly #putOrder: number[] = [];
  #puts = 0;
  #seen = 0;
  /**
   * The feature names of the last record taken: a model's spans name the same features
   * span after span, and one array shared by the records they make saves a copy each.
   */
  #names: readonly string[] = [];
  /** Slots taken or labelled since the last `takeChanged`: what a snapshot writes again. */
  readonly #changed = new Set<number>();

  constructor(capacity: number, random: () => number) {
    this.#skips = new AlgorithmL(capacity, random);
  }

  get capacity(): number {
    return this.#skips.capacity;
  }

  /** Records offered so far: the population the sample is uniform over. */
  get seen(): number {
    return this.#seen;
  }

  /** Records held: min(seen, capacity). */
  get size(): number {
    return this.#records.length;
  }

  /** Offers every row of the batch; the rows not taken cost one comparison per batch. */
  offer(batch: InferenceBatch): void {
    const first = this.#seen + 1;
    const last = this.#seen + batch.rows;
    this.#seen = last;
    if (last < this.#skips.next) return;
    while (this.#skips.next <= last) {
      const row = this.#skips.next - first;
      this.#put(this.#skips.take(), this.#withSharedNames(batchRecord(batch, row)));
    }
  }

  #withSharedNames(record: SampleRecord): SampleRecord {
    const names = record.featureNames;
    if (names === this.#names) return record;
    if (!sameNames(names, this.#names)) {
      this.#names = names;
      return record;
    }
    return { ...record, featureNames: this.#names };
  }

  /**
   * Sets the label of the record with this inference id, if it is in the sample.
   * Returns whether it was (a record already replaced cannot be labelled).
   */
  attachLabel(inferenceId: string, label: FeatureValue): boolean {
    const slot = this.#index().get(inferenceId);
    if (slot === undefined) return false;
    this.#records[slot].label = label;
    this.#changed.add(slot);
    return true;
  }

  /** The skips and the count seen, as plain JSON (the records go apart, slot by slot). */
  state(): ReservoirState {
    return { seen: this.#seen, skips: this.#skips.state() };
  }

  /** The slots taken or labelled since the last call, with their records (and forgets them). */
  takeChanged(): { slot: number; record: SampleRecord }[] {
    const changed = [...this.#changed].map((slot) => ({ slot, record: this.#records[slot] }));
    this.#changed.clear();
    return changed;
  }

  /** Takes back a state and its records (a new reservoir, as a snapshot left them). */
  restore(state: ReservoirState, records: readonly { slot: number; record: SampleRecord }[]): void {
    this.#seen = state.seen;
    this.#skips.restore(state.skips);
    for (const { slot, record } of records) this.#put(slot, record);
    this.#changed.clear();
  }

  /** The records held, in no particular order; the array is the reservoir's own, not to be changed. */
  records(): readonly SampleRecord[] {
    return this.#records;
  }

  #put(slot: number, record: SampleRecord): void {
    const index = this.#slotById;
    if (index !== undefined) {
      const replaced = this.#records[slot];
      // Two records may share an id (a client resending); the index points at the later
      // one, and replacing the earlier must not drop the later's entry.
      if (replaced !== undefined && index.get(replaced.inferenceId) === slot) index.delete(replaced.inferenceId);
      index.set(record.inferenceId, slot);
    }
    this.#records[slot] = record;
    this.#putOrder[slot] = ++this.#puts;
    this.#changed.add(slot);
  }

  /** The index from inference id to slot, made now if this is its first use: of two records with one id, the later put. */
  #index(): Map<string, number> {
    if (this.#slotById !== undefined) return this.#slotById;
    const index = new Map<string, number>();
    const order = this.#putOrder;
    this.#records.forEach((record, slot) => {
      const other = index.get(record.inferenceId);
      if (other === undefined || order[other] < order[slot]) index.set(record.inferenceId, slot);
    });
    this.#slotById = index;
    return index;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A reservoir's running state as plain JSON. */
export interface ReservoirState {
  readonly seen: number;
  readonly skips: AlgorithmLState;
}
