import type { LoadedConfig } from '../config/load-config.js';
import { CalibrationThread } from '../evaluate/calibration/calibration-thread.js';
import { LogExtractor } from '../extract/log-extractor.js';
import type { SpanExtractor } from '../extract/span-extractor.js';
import type { LimitName } from '../extract/span-limits.js';
import type { ReferenceKeeper } from '../model/feature-monitor.js';
import type { VersionHandoff } from '../model/version-handoff.js';
import { ModelRegistry } from '../model/model-registry.js';
import { WindowScheduler } from '../model/window-scheduler.js';
import type { Lifecycle, SpanTableConsumer } from '../pipeline/consumer.js';
import { spanExtractorOf, type ExtractionSettings } from '../ingest-threads/extraction-messages.js';
import { ThreadedSpanExtraction } from '../ingest-threads/threaded-span-extraction.js';
import type { SignalSink } from '../pipeline/window-signals.js';
import { ReferenceStore } from '../reference/reference-store.js';
import { ModelOptionsResolver } from './model-options.js';
import { ProfileMetricsConsumer } from '../profiles-mode/profile-metrics-consumer.js';
import { withoutProfiledSpans } from '../profiles-mode/without-profiled-spans.js';

export interface MonitoringPipelineOptions {
  /** Where closed windows' signals go (the exporters). */
  readonly sink: SignalSink;
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
  /** Where references are kept across restarts; default: files in `data_dir`, when set. */
  readonly references?: ReferenceKeeper;
  /** Brings back the state of a previous run (src/store), after the configured references are read and before windows close. */
  readonly recover?: (registry: ModelRegistry) => void;
  /**
   * Told after every window close, synchronously, and again once the closed windows'
   * verdicts are out (the durable state snapshots there: first with the windows
   * waiting for their verdicts, then without).
   */
  readonly afterWindowsClosed?: () => void;
  /** Told of each request or span rejected for breaking one of the `limits` (the self-metrics count them). */
  readonly limitBreached?: (limit: LimitName) => void;
  /** Where the state of a version seen for the first time is asked for (`scale_out.peers`). */
  readonly handoff?: VersionHandoff;
  /** Told after a version's state is imported, for the data dir to snapshot it. */
  readonly afterImport?: () => void;
  /** The extraction threads' script (ThreadedSpanExtractionOptions.script), for bench:ingest. */
  readonly extractionScript?: URL;
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
  /**
   * What the receivers hand traces to: `spans`, or with `receiver.extraction_threads`
   * the same extraction with protobuf requests done on other threads.
   */
  readonly traces: SpanTableConsumer;
  readonly #threadedSpans: ThreadedSpanExtraction | undefined;
  readonly logs: LogExtractor;
  /** Profiles mode: the instrumentation's per-feature metrics, into the same windows (src/profiles-mode). */
  readonly metrics: ProfileMetricsConsumer;
  readonly #scheduler: WindowScheduler;
  readonly #options: MonitoringPipelineOptions;
  readonly #closer: { closeWindows(endUnixMs: number): void };
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #models: ModelOptionsResolver;
  /** Threshold calibrations run here, off the event loop that takes the data. */
  readonly #calibrations = new CalibrationThread();

  constructor(config: LoadedConfig, options: MonitoringPipelineOptions) {
    const now = options.now ?? Date.now;
    this.#options = options;
    this.#windowMs = config.windows.duration;
    this.#now = now;
    this.#models = new ModelOptionsResolver(config, this.#calibrations);
    const categoriesOverflowed = (features: number): void => {
      for (let i = 0; i < features; i++) options.limitBreached?.('categories_per_feature');
    };
    this.registry = new ModelRegistry({
      optionsFor: (key) => ({ ...this.#models.optionsFor(key), categoriesOverflowed }),
      sink: options.sink,
      now,
      ...(options.references !== undefined ? { references: options.references }
        : config.data_dir === undefined ? {} : { references: new ReferenceStore(config.data_dir) }),
      ...(options.handoff === undefined ? {} : { handoff: options.handoff }),
      ...(options.afterImport === undefined ? {} : { afterImport: options.afterImport }),
      maxModels: config.limits.models,
      modelsBreached: () => options.limitBreached?.('models'),
      feedback: {
        horizonMs: config.feedback.horizon,
        maxPendingPerModel: config.feedback.max_pending,
        retain: () => config.feedback.retain_predictions,
        windowMs: config.windows.duration,
        minLabels: config.feedback.min_labels,
      },
    });
    this.metrics = new ProfileMetricsConsumer(this.registry, { now, startedUnixMs: now() });
    const spanSink = withoutProfiledSpans(this.registry, this.metrics);
    const extraction: ExtractionSettings = {
      attributesPerSpan: config.limits.attributes_per_span,
      stringLength: config.limits.string_length,
      featuresPerSpan: config.limits.features_per_model,
      spansPerRequest: config.limits.spans_per_request,
    };
    const breached = options.limitBreached === undefined ? {} : { breached: options.limitBreached };
    this.spans = spanExtractorOf(spanSink, extraction, now, options.limitBreached);
    const threads = config.receiver.extraction_threads;
    this.traces = threads === 0 ? this.spans : this.#threadedSpans = new ThreadedSpanExtraction(this.spans, spanSink, {
      threads, settings: extraction, now, ...breached, ...(options.extractionScript === undefined ? {} : { script: options.extractionScript }),
    });
    this.logs = new LogExtractor(this.registry, { now });
    const registry = this.registry;
    const afterClose = options.afterWindowsClosed;
    const closer = afterClose === undefined ? registry : {
      closeWindows: (endUnixMs: number) => {
        registry.closeWindows(endUnixMs);
        afterClose();
        // Again once the verdicts are out: the snapshot above holds the closed windows for a restart to judge, this one lets them go.
        registry.settled().then(afterClose, () => undefined);
      },
      settled: () => registry.settled(),
    };
    this.#scheduler = new WindowScheduler(closer, config.windows.duration, now);
    this.#closer = closer;
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
    if (this.#options.recover !== undefined) {
      this.#options.recover(this.registry);
      this.#closeMissedWindow();
    }
    await this.#scheduler.start();
  }

  /**
   * A recovered window whose end passed while the processor was down is closed at
   * that end, as an uninterrupted run would have closed it (its later windows would
   * have been empty).
   */
  #closeMissedWindow(): void {
    let end = Infinity;
    for (const { windowStart } of this.registry.openWindows()) {
      if (windowStart !== null) end = Math.min(end, (Math.floor(windowStart / this.#windowMs) + 1) * this.#windowMs);
    }
    if (end <= this.#now()) this.#closer.closeWindows(end);
  }

  /** Closes and judges the open windows (their signals go to the sink), and stops calibrating. Safe to call twice. */
  async shutdown(): Promise<void> {
    // The receivers are closed first, so no request is left at the extraction threads.
    await this.#threadedSpans?.close();
    await this.#scheduler.shutdown();
    await this.#calibrations.close();
  }
}
