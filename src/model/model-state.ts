import type { InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import type { FeatureSignal, WindowSignals } from '../pipeline/window-signals.js';
import type { FeatureMonitor, FeatureMonitorFactory } from './feature-monitor.js';
import { OUTPUT_FEATURES } from './output-features.js';
import { ReferenceCollector } from './reference-collector.js';
import { WindowAccumulator } from './window-accumulator.js';

export interface ModelStateOptions {
  /** Rows that make the reference when none was given (the first N of the version). */
  readonly referenceSize: number;
  /** A window with fewer rows gets no verdict. */
  readonly minWindowRecords: number;
  /** Share of drifted input features that makes dataset drift. */
  readonly driftShare: number;
  readonly monitorFactory: FeatureMonitorFactory;
  /** Monitors built from a configured reference: the version starts monitoring at once. */
  readonly monitors?: readonly FeatureMonitor[];
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
  #collector: ReferenceCollector | null;
  #monitors: FeatureMonitor[];
  #window: WindowAccumulator | null = null;

  constructor(key: ModelKey, options: ModelStateOptions, nowUnixMs: number) {
    this.key = key;
    this.#options = options;
    this.#monitors = [...(options.monitors ?? [])];
    this.#collector = options.monitors === undefined ? new ReferenceCollector(options.referenceSize) : null;
    if (this.#collector === null) this.#window = new WindowAccumulator(this.#monitors, nowUnixMs);
  }

  /** 'reference' while collecting the first rows, then 'monitoring'. */
  get phase(): 'reference' | 'monitoring' {
    return this.#collector === null ? 'monitoring' : 'reference';
  }

  get referenceRows(): number {
    return this.#collector?.rows ?? this.#options.referenceSize;
  }

  accept(batch: InferenceBatch, nowUnixMs: number): void {
    let fromRow = 0;
    if (this.#collector !== null) {
      fromRow = this.#collector.add(batch);
      if (!this.#collector.complete) return;
      this.#monitors = [...this.#collector.columns()].map(([name, values]) => this.#options.monitorFactory(name, values));
      this.#collector = null;
      this.#window = new WindowAccumulator(this.#monitors, nowUnixMs);
    }
    this.#window!.add(batch, fromRow);
  }

  /**
   * Closes the open window at `endUnixMs`, opens the next, and returns what the
   * closed one concluded; undefined while the reference is still being collected.
   */
  closeWindow(endUnixMs: number): WindowSignals | undefined {
    const window = this.#window;
    if (window === null) return undefined;
    this.#window = new WindowAccumulator(this.#monitors, endUnixMs);
    const evaluated = window.records >= this.#options.minWindowRecords;
    const features: FeatureSignal[] = evaluated ? this.#monitors.map((monitor) => {
      const signal = monitor.evaluate(window.profile(monitor.name)!);
      const exemplar = window.exemplar(monitor.name);
      return exemplar === undefined ? signal : { ...signal, exemplar };
    }) : [];
    const inputs = features.filter((f) => !OUTPUT_FEATURES.includes(f.name));
    const driftShare = inputs.length === 0 ? NaN : inputs.filter((f) => f.drifted).length / inputs.length;
    return {
      model: this.key.model,
      version: this.key.version,
      windowStartUnixMs: window.startUnixMs,
      windowEndUnixMs: endUnixMs,
      records: window.records,
      evaluated,
      features,
      driftShare,
      datasetDrifted: driftShare >= this.#options.driftShare,
    };
  }
}
