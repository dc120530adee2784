import type { LoadedConfig } from '../config/load-config.js';
import { SignalExporter } from '../export/signal-exporter.js';
import { LogExtractor } from '../extract/log-extractor.js';
import { SpanExtractor } from '../extract/span-extractor.js';
import { ModelRegistry } from '../model/model-registry.js';
import { WindowScheduler } from '../model/window-scheduler.js';
import { ACCEPTED_ALL, type Lifecycle } from '../pipeline/consumer.js';
import { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import { addAdminRoutes } from '../admin/admin-routes.js';
import { CalibrationThread } from '../evaluate/calibration/calibration-thread.js';
import { ReferenceStore } from '../reference/reference-store.js';
import { countingConsumers } from './counting-consumers.js';
import { ModelOptionsResolver } from './model-options.js';

export interface ProcessorOptions {
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * `modelwatch serve` assembled, as a Collector pipeline:
 * OTLP/HTTP receiver → extraction (spans, feedback logs) → model registry (reference,
 * windows of profiles) → window scheduler → signal exporter (OTLP push, Prometheus,
 * alert logs). Windows are judged a feature at a time between requests, and threshold
 * calibrations run on a worker thread (CalibrationThread), so neither holds the receiver. Metrics posted to /v1/metrics are accepted and not used yet. The admin
 * endpoints (src/admin) share the receiver's port.
 */
export class Processor implements Lifecycle {
  readonly exporter: SignalExporter;
  readonly registry: ModelRegistry;
  readonly receiver: OtlpHttpReceiver;
  readonly #scheduler: WindowScheduler;
  readonly #models: ModelOptionsResolver;
  /** Threshold calibrations run here, off the event loop that serves OTLP. */
  readonly #calibrations = new CalibrationThread();
  #state: 'new' | 'started' | 'stopped' = 'new';

  constructor(config: LoadedConfig, options: ProcessorOptions = {}) {
    const now = options.now ?? Date.now;
    this.exporter = new SignalExporter(config);
    this.#models = new ModelOptionsResolver(config, this.#calibrations);
    this.registry = new ModelRegistry({
      optionsFor: (key) => this.#models.optionsFor(key),
      sink: this.exporter,
      now,
      ...(config.data_dir === undefined ? {} : { references: new ReferenceStore(config.data_dir) }),
    });
    const consumers = countingConsumers({
      traces: new SpanExtractor(this.registry, { now }),
      logs: new LogExtractor(this.registry, { now }),
      metrics: { consumeMetrics: () => ACCEPTED_ALL },
    }, this.exporter.selfMetrics);
    const { receiver } = config;
    this.receiver = new OtlpHttpReceiver(consumers, {
      host: receiver.host,
      port: receiver.port,
      maxBodyBytes: receiver.max_body_bytes,
      maxConcurrentRequests: receiver.max_inflight_requests,
      maxBufferedBytes: receiver.max_inflight_bytes,
      retryAfterSeconds: Math.max(1, Math.round(receiver.retry_after / 1000)),
    });
    this.exporter.selfMetrics.observeQueueDepth(() => this.receiver.stats().inFlightRequests);
    addAdminRoutes(this.receiver, {
      registry: this.registry,
    });
    this.#scheduler = new WindowScheduler(this.registry, config.windows.duration, now);
  }

  /**
   * Reads the configured references, opens the exporters, then starts taking OTLP.
   * @throws ModelwatchError when a reference file is bad or a port cannot be listened on
   */
  async start(): Promise<void> {
    if (this.#state !== 'new') return;
    this.#state = 'started';
    try {
      this.#models.preload();
      await this.exporter.start();
      await this.receiver.start();
      await this.#scheduler.start();
    } catch (error) {
      await this.shutdown();
      throw error;
    }
  }

  /**
   * Stops taking OTLP, finishes requests in flight, closes and evaluates the open
   * windows, and flushes the exporters. Safe to call twice.
   */
  async shutdown(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    await this.receiver.shutdown();
    await this.#scheduler.shutdown();
    await this.#calibrations.close();
    await this.exporter.shutdown();
  }
}
