import type { FeatureValue, InferenceBatch } from '../extract/inference-batch.js';
import { uniformOpenAtZero } from './algorithm-l.js';
import { mergeUniform, type DrawnSample } from './merge-uniform.js';
import { RecordReservoir, type ReservoirState } from './record-reservoir.js';
import type { SampleRecord } from './sample-record.js';

export interface RecentSampleOptions {
  /** Records in the exported sample. */
  readonly size: number;
  /** Length of a sampling period, milliseconds; the sample covers the last one to two of them. */
  readonly periodMs: number;
  /** Uniforms in (0, 1]; tests pass a seeded generator. @default 1 - Math.random() */
  readonly random?: () => number;
}

interface Generation {
  readonly startUnixMs: number;
  readonly endUnixMs: number;
  readonly reservoir: RecordReservoir;
}

/**
 * One model version's sample of recent production records, for retraining.
 *
 * "Recent" means: the records that arrived in the current sampling period (a day by
 * default) and the whole period before it. A plain reservoir over the version's life
 * would, after months, hold mostly records older than the drift a retraining is meant
 * to follow; one reset every period would hold almost nothing just after each reset.
 * So each period has its own reservoir (Algorithm L, `size` records), the two latest
 * are kept, and the export draws `size` records uniformly from their union
 * ({@link mergeUniform}): uniform over every record that arrived from the start of
 * the previous period until now. The cost is up to 2 × `size` records held.
 *
 * Periods follow the processor's clock at arrival (`nowUnixMs`), not the span's time:
 * a client with a skewed clock could otherwise rotate the sample away. Exported rows
 * still carry the span's time.
 */
export class RecentSample {
  readonly size: number;
  readonly periodMs: number;
  readonly #random: () => number;
  #current: Generation | undefined;
  #previous: Generation | undefined;

  constructor(options: RecentSampleOptions) {
    if (!Number.isSafeInteger(options.size) || options.size < 1) throw new RangeError(`a sample holds at least 1 record, got ${options.size}`);
    if (!(options.periodMs > 0)) throw new RangeError(`a sampling period is longer than 0 ms, got ${options.periodMs}`);
    this.size = options.size;
    this.periodMs = options.periodMs;
    this.#random = options.random ?? uniformOpenAtZero;
  }

  /** Offers every row of a batch that arrived at `nowUnixMs` (the processor's clock). */
  offer(batch: InferenceBatch, nowUnixMs: number): void {
    const current = this.#current;
    if (current !== undefined && nowUnixMs < current.endUnixMs && nowUnixMs >= current.startUnixMs) {
      current.reservoir.offer(batch);
      return;
    }
    this.#generationAt(nowUnixMs).reservoir.offer(batch);
  }

  /**
   * Labels the record with this inference id if it is still in the sample (feedback
   * joined late). Returns whether it was.
   */
  attachLabel(inferenceId: string, label: FeatureValue): boolean {
    return (this.#current?.reservoir.attachLabel(inferenceId, label) ?? false)
      || (this.#previous?.reservoir.attachLabel(inferenceId, label) ?? false);
  }

  /** Records that arrived in the periods the sample covers. */
  get seen(): number {
    return (this.#current?.reservoir.seen ?? 0) + (this.#previous?.reservoir.seen ?? 0);
  }

  /**
   * The sample: up to `size` records drawn uniformly from the covered periods, sorted by
   * time (then inference id), ready to export. A new draw each call.
   */
  records(): SampleRecord[] {
    const drawn = mergeUniform(drawnSample(this.#previous), drawnSample(this.#current), this.size, this.#random);
    return drawn.sort((a, b) => a.timeUnixMs - b.timeUnixMs || (a.inferenceId < b.inferenceId ? -1 : a.inferenceId > b.inferenceId ? 1 : 0));
  }

  /**
   * The generation for a time outside the current period. A later period starts a new
   * one, keeping the current as previous only if it is the period just before; a time
   * before the current period (the clock stepped back) goes to the previous generation
   * if it is that one's, else to the current, rather than lose the record.
   */
  /**
   * What the durable state keeps: the generations' running states, and the records
   * taken or labelled since the last call (a snapshot writes only those again).
   */
  snapshot(): { generations: GenerationSnapshot[]; changed: SampledSlot[] } {
    const generations: GenerationSnapshot[] = [];
    const changed: SampledSlot[] = [];
    for (const generation of [this.#previous, this.#current]) {
      if (generation === undefined) continue;
      generations.push({ startUnixMs: generation.startUnixMs, state: generation.reservoir.state() });
      for (const { slot, record } of generation.reservoir.takeChanged()) changed.push({ generationStart: generation.startUnixMs, slot, record });
    }
    return { generations, changed };
  }

  /** Takes back what snapshots kept (a new sample): the generations, oldest first, and their records. */
  restore(generations: readonly GenerationSnapshot[], records: readonly SampledSlot[]): void {
    const restored = generations.map((saved) => {
      const reservoir = new RecordReservoir(this.size, this.#random);
      reservoir.restore(saved.state, records.filter((r) => r.generationStart === saved.startUnixMs));
      return { startUnixMs: saved.startUnixMs, endUnixMs: saved.startUnixMs + this.periodMs, reservoir };
    });
    this.#current = restored.at(-1);
    this.#previous = restored.length > 1 ? restored[0] : undefined;
  }

  #generationAt(nowUnixMs: number): Generation {
    const current = this.#current;
    const start = Math.floor(nowUnixMs / this.periodMs) * this.periodMs;
    if (current === undefined || start > current.startUnixMs) {
      this.#previous = current !== undefined && current.endUnixMs === start ? current : undefined;
      this.#current = { startUnixMs: start, endUnixMs: start + this.periodMs, reservoir: new RecordReservoir(this.size, this.#random) };
      return this.#current;
    }
    return this.#previous?.startUnixMs === start ? this.#previous : current;
  }
}

function drawnSample(generation: Generation | undefined): DrawnSample {
  return generation === undefined ? { records: [], seen: 0 } : { records: generation.reservoir.records(), seen: generation.reservoir.seen };
}

/** A generation's start and running state, as plain JSON. */
export interface GenerationSnapshot {
  readonly startUnixMs: number;
  readonly state: ReservoirState;
}

/** One sampled record, where it sits. */
export interface SampledSlot {
  readonly generationStart: number;
  readonly slot: number;
  readonly record: SampleRecord;
}
