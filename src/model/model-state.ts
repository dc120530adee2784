import { diag } from '@opentelemetry/api';
import type { FeatureValue, InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import { MAX_FEATURES } from '../extract/inference-span.js';
import type { WindowSignals } from '../pipeline/window-signals.js';
import { buildMonitors, type MonitoredFeature, type MonitorFactory } from './feature-monitor.js';
import { judgeWindow } from './judge-window.js';
import { ReferenceCollector } from './reference-collector.js';
import { WindowAccumulator, type WindowSnapshot } from './window-accumulator.js';
import { RecentSample, type RecentSampleOptions } from '../samples/recent-sample.js';

/** A model version's state as plain JSON (the durable state's snapshot); its retraining sample is kept apart, slot by slot (src/store/sample-store.ts). */
export interface ModelStateSnapshot {
  readonly model: string;
  readonly version: string;
  readonly createdUnixMs: number;
  /** The reference rows collected so far, while collecting. */
  readonly collector?: { rows: number; columns: Record<string, FeatureValue[]> };
  /** The open window, once monitoring. */
  readonly window?: WindowSnapshot;
  /** Windows closed whose verdict was not out yet: a restart judges them. */
  readonly judging?: readonly (WindowSnapshot & { readonly endUnixMs: number })[];
}

export interface ModelStateOptions {
  /** Rows that make the reference when none was given (the first N of the version). */
  readonly referenceSize: number;
  /**
   * Input features a collected reference keeps, and new features a window lists
   * (`limits.features_per_model`). @default MAX_FEATURES
   */
  readonly maxFeatures?: number;
  /** Told at each window close of the features whose window overflowed its category cap (`limits.categories_per_feature`). */
  readonly categoriesOverflowed?: (features: number) => void;
  /** A window with fewer rows gets no verdict. */
  readonly minWindowRecords: number;
  /** Share of drifted input features that makes dataset drift. */
  readonly driftShare: number;
  readonly monitorFactory: MonitorFactory;
  /** Monitors built from a configured reference, by feature: the version starts monitoring at once. */
  readonly monitors?: ReadonlyMap<string, MonitoredFeature>;
  /** The digest of the configured reference `monitors` were built from (the SHA-256 of its file), for the audit log. */
  readonly referenceDigest?: string;
  /**
   * The columns `monitors` were built from, when they came from data rather than a
   * configured file (kept, replaced, moved in): held so the version's state can move
   * to another replica with its reference.
   */
  readonly referenceColumns?: ReadonlyMap<string, readonly FeatureValue[]>;
  /**
   * The window duration: when a reference collected from traffic completes, its
   * pace predicts how many records a window will hold, and the monitors calibrate
   * for that size at once, so the first verdict need not wait. Unset: no prediction.
   */
  readonly windowMs?: number;
  /** Keep a sample of recent records (and their labels) for retraining, of this size and period. */
  readonly sample?: RecentSampleOptions;
  /** Called with the reference's rows, column by column, once collected from traffic (to keep them). */
  readonly onReferenceCollected?: (columns: ReadonlyMap<string, readonly FeatureValue[]>) => void;
}

/**
 * All the processor knows about one model version, in one place (so replicas can
 * later be partitioned by model): first its reference being collected, then the
 * open window being filled. Windows are closed from outside (the scheduler), which
 * keeps time out of this class and makes it testable with any clock.
 */
export class ModelState {
  readonly key: ModelKey;
  readonly #options: ModelStateOptions;
  readonly #maxFeatures: number;
  #collector: ReferenceCollector | null;
  #monitors: ReadonlyMap<string, MonitoredFeature>;
  /** The columns the monitors were built from, unless they came from a configured file (see ModelStateOptions.referenceColumns). */
  #referenceColumns: ReadonlyMap<string, readonly FeatureValue[]> | undefined;
  #window: WindowAccumulator | null = null;
  /** The last window's verdict, settled or not: each verdict waits for the one before. */
  #lastVerdict: Promise<unknown> = Promise.resolve();
  /**
   * Closed windows whose verdict is not out yet, with their ends: a snapshot keeps
   * them, so that a window closed just before a crash is still judged after it.
   */
  readonly #judging = new Map<WindowAccumulator, number>();
  /** Such windows restored from a snapshot, until `judgeRestored` takes them. */
  #restoredJudging: { window: WindowAccumulator; endUnixMs: number }[] = [];
  #createdUnixMs: number;
  /** Recent records with their labels once known, for `GET /v1/models/{name}/{version}/samples`. */
  readonly sample: RecentSample | undefined;

  constructor(key: ModelKey, options: ModelStateOptions, nowUnixMs: number) {
    this.key = key;
    this.#options = options;
    this.#maxFeatures = options.maxFeatures ?? MAX_FEATURES;
    this.sample = options.sample === undefined ? undefined : new RecentSample(options.sample);
    this.#createdUnixMs = nowUnixMs;
    this.#monitors = options.monitors ?? new Map();
    this.#referenceColumns = options.monitors === undefined ? undefined : options.referenceColumns;
    this.#collector = options.monitors === undefined ? new ReferenceCollector(options.referenceSize, options.maxFeatures) : null;
    if (this.#collector === null) this.#window = new WindowAccumulator(this.#monitors, nowUnixMs, this.#maxFeatures);
  }

  /** 'reference' while collecting the first rows, then 'monitoring'. */
  get phase(): 'reference' | 'monitoring' {
    return this.#collector === null ? 'monitoring' : 'reference';
  }

  /** Where rows accepted now are counted: the open window's start, or undefined while the reference is collected. */
  get openWindowStart(): number | undefined {
    return this.#window?.startUnixMs;
  }

  /** Records in the open window (0 while the reference is collected). */
  get openWindowRecords(): number {
    return this.#window?.records ?? 0;
  }

  get referenceRows(): number {
    return this.#collector?.rows ?? this.#options.referenceSize;
  }

  /**
   * Takes a batch's rows: into the reference while it is being collected, the rest
   * into the open window.
   * @param sampled whether the rows are offered to the retraining sample (not when taken again)
   * @returns how many of the batch's first rows went into the reference
   */
  accept(batch: InferenceBatch, nowUnixMs: number, sampled = true): number {
    if (sampled) this.sample?.offer(batch, nowUnixMs);
    let fromRow = 0;
    if (this.#collector !== null) {
      fromRow = this.#collector.add(batch);
      if (!this.#collector.complete) return fromRow;
      const columns = this.#collector.columns();
      this.#monitors = buildMonitors(columns, this.#options.monitorFactory);
      this.#collector = null;
      this.#referenceColumns = columns;
      this.#keep(columns);
      this.#window = new WindowAccumulator(this.#monitors, nowUnixMs, this.#maxFeatures);
      this.#prepareForPace(nowUnixMs);
    }
    this.#window!.add(batch, fromRow);
    return fromRow;
  }

  /**
   * Closes the open window at `endUnixMs` and opens the next at once; the closed
   * window's verdict follows (see judgeWindow), after the previous window's, so
   * verdicts are published in window order. Undefined while the reference is still
   * being collected.
   */
  closeWindow(endUnixMs: number): Promise<WindowSignals> | undefined {
    const window = this.#window;
    if (window === null) return undefined;
    this.#window = new WindowAccumulator(this.#monitors, endUnixMs, this.#maxFeatures);
    const overflowed = window.overflowedFeatures();
    if (overflowed > 0) this.#options.categoriesOverflowed?.(overflowed);
    return this.#judge(window, endUnixMs);
  }

  /** Judges the windows a snapshot held closed and unjudged (see restore), in their order. */
  judgeRestored(): Promise<WindowSignals>[] {
    const restored = this.#restoredJudging;
    this.#restoredJudging = [];
    return restored.map(({ window, endUnixMs }) => this.#judge(window, endUnixMs));
  }

  #judge(window: WindowAccumulator, endUnixMs: number): Promise<WindowSignals> {
    this.#judging.set(window, endUnixMs);
    const closed = { key: this.key, window, monitors: this.#monitors, endUnixMs };
    const verdict = this.#lastVerdict.then(() => judgeWindow(closed, this.#options));
    this.#lastVerdict = verdict.catch(() => undefined);
    // Forgotten in the turn the verdict comes out, before anything can snapshot: the
    // registry publishes it in the same turn (its handlers run after this one).
    const forget = () => this.#judging.delete(window);
    verdict.then(forget, forget);
    return verdict;
  }

  snapshot(): ModelStateSnapshot {
    return {
      ...this.key,
      createdUnixMs: this.#createdUnixMs,
      ...(this.#collector === null ? {} : { collector: this.#collector.snapshot() }),
      ...(this.#window === null ? {} : { window: this.#window.snapshot() }),
      ...(this.#judging.size === 0 ? {} : { judging: [...this.#judging].map(([window, endUnixMs]) => ({ ...window.snapshot(), endUnixMs })) }),
    };
  }

  /**
   * Takes back a snapshot into this state, just made for the same version: the rows of
   * a reference being collected, or the open window (reopened at its start). A
   * snapshot of the other phase is left out: the reference was replaced meanwhile.
   * @throws Error when the window's profiles do not fit the monitors
   */
  restore(snapshot: ModelStateSnapshot): void {
    this.#createdUnixMs = snapshot.createdUnixMs;
    if (this.#collector !== null && snapshot.collector !== undefined) this.#collector.restore(snapshot.collector);
    if (this.#window !== null && snapshot.window !== undefined) this.#window = this.#windowOf(snapshot.window);
    for (const closed of snapshot.judging ?? []) this.#awaitJudging(closed, closed.endUnixMs);
  }

  /**
   * Adds another replica's state of this version, monitored against the same
   * reference, to this one's (see ModelRegistry.importVersion): a window open there
   * since this window's start or later is merged into it (profiles merge exactly); one
   * that opened before is judged on its own, as closed when this window opened.
   * @throws Error while the reference is being collected, or when a profile does not fit the monitors
   */
  merge(snapshot: ModelStateSnapshot): void {
    const open = this.#window;
    if (open === null) throw new Error(`${this.key.model} ${this.key.version} is collecting its reference: there is no window to merge into`);
    const saved = snapshot.window;
    if (saved !== undefined && saved.startUnixMs >= open.startUnixMs) open.restore(saved);
    else if (saved !== undefined) this.#awaitJudging(saved, open.startUnixMs);
    for (const closed of snapshot.judging ?? []) this.#awaitJudging(closed, closed.endUnixMs);
  }

  /**
   * The rows collected so far for the reference, as one batch to be taken again by
   * another state of this version (an import replaces this one); undefined when not
   * collecting or nothing was collected yet.
   */
  collectedRows(): InferenceBatch | undefined {
    if (this.#collector === null || this.#collector.rows === 0) return undefined;
    return this.#collector.asBatch(this.key);
  }

  /** The columns the reference was built from (undefined while collecting, or for a reference configured from a file). */
  get referenceColumns(): ReadonlyMap<string, readonly FeatureValue[]> | undefined {
    return this.#referenceColumns;
  }

  /** A window of this version's monitors holding a snapshot's records, open from the snapshot's start. */
  #windowOf(saved: WindowSnapshot): WindowAccumulator {
    const window = new WindowAccumulator(this.#monitors, saved.startUnixMs, this.#maxFeatures);
    window.restore(saved);
    return window;
  }

  /** A closed window from a snapshot, to be judged by judgeRestored. */
  #awaitJudging(saved: WindowSnapshot, endUnixMs: number): void {
    this.#restoredJudging.push({ window: this.#windowOf(saved), endUnixMs });
  }

  /**
   * Calibrates every monitor for the window size the reference's pace predicts
   * (rows per window duration), in the background.
   */
  #prepareForPace(nowUnixMs: number): void {
    const { windowMs, referenceSize } = this.#options;
    if (windowMs === undefined) return;
    const elapsedMs = Math.max(nowUnixMs - this.#createdUnixMs, 1);
    const expectedRows = Math.max(Math.round((referenceSize * windowMs) / elapsedMs), this.#options.minWindowRecords);
    for (const [name, monitor] of this.#monitors) {
      monitor.prepare(expectedRows).catch((error: unknown) => {
        diag.warn(`modelwatch: ${this.key.model} ${this.key.version}: calibrating "${name}" ahead failed`, error);
      });
    }
  }

  #keep(columns: ReadonlyMap<string, readonly FeatureValue[]>): void {
    try {
      this.#options.onReferenceCollected?.(columns);
    } catch (error) {
      // Monitoring goes on; a restart will collect the reference again.
      diag.error(`modelwatch: ${this.key.model} ${this.key.version}: the reference could not be kept`, error);
    }
  }
}
