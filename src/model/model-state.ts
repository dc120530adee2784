import { diag } from '@opentelemetry/api';
import type { InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import type { FeatureSignal, WindowSignals } from '../pipeline/window-signals.js';
import type { MonitoredFeature, MonitorFactory } from './feature-monitor.js';
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
  readonly monitorFactory: MonitorFactory;
  /** Monitors built from a configured reference, by feature: the version starts monitoring at once. */
  readonly monitors?: ReadonlyMap<string, MonitoredFeature>;
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
  #monitors: ReadonlyMap<string, MonitoredFeature>;
  #window: WindowAccumulator | null = null;

  constructor(key: ModelKey, options: ModelStateOptions, nowUnixMs: number) {
    this.key = key;
    this.#options = options;
    this.#monitors = options.monitors ?? new Map();
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
      this.#monitors = this.#buildMonitors(this.#collector);
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
    const features: FeatureSignal[] = [];
    if (evaluated) {
      for (const [name, monitor] of this.#monitors) {
        try {
          features.push(featureSignal(name, monitor, window));
        } catch (error) {
          // A configured method that does not fit the feature, say: the other features still report.
          diag.error(`modelwatch: ${this.key.model} ${this.key.version}: feature "${name}" could not be judged`, error);
        }
      }
    }
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

  #buildMonitors(collector: ReferenceCollector): Map<string, MonitoredFeature> {
    const monitors = new Map<string, MonitoredFeature>();
    for (const [name, values] of collector.columns()) {
      const monitor = this.#options.monitorFactory(name, values);
      if (monitor !== undefined) monitors.set(name, monitor);
    }
    return monitors;
  }
}

function featureSignal(name: string, monitor: MonitoredFeature, window: WindowAccumulator): FeatureSignal {
  const profile = window.profile(name)!;
  const { method, statistic, pValue, threshold, thresholdSource, drifted, stats } = monitor.judge(profile);
  const exemplar = window.exemplar(name);
  const signal = { name, method, statistic, pValue, threshold, thresholdSource, drifted, stats, quality: monitor.quality(profile) };
  return exemplar === undefined ? signal : { ...signal, exemplar };
}
