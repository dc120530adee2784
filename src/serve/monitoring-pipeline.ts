import type { LoadedConfig } from '../config/load-config.js';
import { CalibrationThread } from '../evaluate/calibration/calibration-thread.js';
import { LogExtractor } from '../extract/log-extractor.js';
import { SpanExtractor } from '../extract/span-extractor.js';
import { ModelRegistry } from '../model/model-registry.js';
import { WindowScheduler } from '../model/window-scheduler.js';
import type { Lifecycle } from '../pipeline/consumer.js';
import type { SignalSink } from '../pipeline/window-signals.js';
import { ReferenceStore } from '../reference/reference-store.js';
import { ModelOptionsResolver } from './model-options.js';

export interface MonitoringPipelineOptions {
  /** Where closed windows' signals go (the exporters). */
  readonly sink: SignalSink;
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * The monitoring itself, without a way in or out: extraction (spans, feedback logs)
 * → model registry (references, windows of profiles, ground truth joined to
 * predictions) → window scheduler → a signal sink. `modelwatch serve` puts its OTLP receiver in front and its exporters behind;
 * the in-process mode of the instrumentation feeds it the app's own spans and
 * exports through the app's own providers. One implementation for both.
 */
export class MonitoringPipeline implements Lifecycle {
  readonly registry: ModelRegistry;
  readonly spans: SpanExtractor;
  readonly logs: LogExtractor;
  readonly #scheduler: WindowScheduler;
  readonly #models: ModelOptionsResolver;
  /** Threshold calibrations run here, off the event loop that takes the data. */
  readonly #calibrations = new CalibrationThread();

  constructor(config: LoadedConfig, options: MonitoringPipelineOptions) {
    const now = options.now ?? Date.now;
    this.#models = new ModelOptionsResolver(config, this.#calibrations);
    this.registry = new ModelRegistry({
      optionsFor: (key) => this.#models.optionsFor(key),
      sink: options.sink,
      now,
      ...(config.data_dir === undefined ? {} : { references: new ReferenceStore(config.data_dir) }),
      feedback: {
        horizonMs: config.feedback.horizon,
        maxPendingPerModel: config.feedback.max_pending,
        retain: () => config.feedback.retain_predictions,
        windowMs: config.windows.duration,
        minLabels: config.feedback.min_labels,
      },
    });
    this.spans = new SpanExtractor(this.registry, { now });
    this.logs = new LogExtractor(this.registry, { now });
    this.#scheduler = new WindowScheduler(this.registry, config.windows.duration, now);
  }

  /** Threshold calibrations waiting for or running on the calibration thread. */
  get calibrationsQueued(): number {
    return this.#calibrations.queued;
  }

  /**
   * Reads the configured references and starts closing windows.
   * @throws ModelwatchError when a configured reference file is bad
   */
  async start(): Promise<void> {
    this.#models.preload();
    await this.#scheduler.start();
  }

  /** Closes and judges the open windows (their signals go to the sink), and stops calibrating. Safe to call twice. */
  async shutdown(): Promise<void> {
    await this.#scheduler.shutdown();
    await this.#calibrations.close();
  }
}
