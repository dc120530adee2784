import { diag, metrics, type MeterProvider } from '@opentelemetry/api';
import { logs, type LoggerProvider } from '@opentelemetry/api-logs';
import type { LogRecordProcessor, SdkLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { feedbackRecord } from '../src/extract/feedback-fields.js';
import { FEEDBACK_EVENT_NAME } from '../src/extract/log-extractor.js';
import { type LoadedConfig, parseConfig } from '../src/config/load-config.js';
import { AppSignalSink } from '../src/export/app-signal-sink.js';
import { SIGNAL_SCOPE } from '../src/export/signal-names.js';
import { MonitoringPipeline } from '../src/serve/monitoring-pipeline.js';
import { spanData, tracesData } from './readable-span-data.js';
import type { Span } from '../src/otlp/types.js';
import { INSTRUMENTATION_VERSION } from './version.js';

export interface InProcessMonitorOptions {
  /**
   * The monitoring configuration, as YAML in `modelwatch serve`'s format (its
   * `windows`, `reference`, `drift`, `data_quality`, `feedback`, `performance`, `models` and `data_dir` sections;
   * receiver, Prometheus and export settings do not apply here).
   * @default serve's defaults: 60 s windows, the first 1,000 records as the reference
   */
  config?: string | LoadedConfig;
  /** Where the §4 gauges go. @default the global MeterProvider (the app's SDK) */
  meterProvider?: MeterProvider;
  /** Where alerts go. @default the global LoggerProvider (the app's SDK) */
  loggerProvider?: LoggerProvider;
  /** Spans buffered before they are handed to the pipeline at once (a timer hands the rest). @default 256 */
  batchSize?: number;
}

/**
 * In-process mode: a span processor that monitors the app's own inference spans
 * with the processor's pipeline (extraction, references, windows, calibrated drift
 * and data-quality verdicts: the very code `modelwatch serve` runs) and exports the
 * §4 signals through the app's own MeterProvider and LoggerProvider, for a service
 * that wants no separate modelwatch deployment. Add it beside the app's exporting
 * span processor; spans that are not inference spans are ignored.
 *
 * @example
 * const sdk = new NodeSDK({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter()), new InProcessMonitor()], ... });
 * @throws ModelwatchError when the configuration is invalid (every problem listed)
 */
export class InProcessMonitor implements SpanProcessor, LogRecordProcessor {
  readonly pipeline: MonitoringPipeline;
  readonly #batchSize: number;
  #pending: Span[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #started: Promise<void>;
  #stopped: Promise<void> | undefined;

  constructor(options: InProcessMonitorOptions = {}) {
    const config = typeof options.config === 'object' ? options.config : parseConfig(options.config ?? '', { name: 'in-process monitor config', baseDir: process.cwd() });
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SIGNAL_SCOPE, INSTRUMENTATION_VERSION);
    const logger = (options.loggerProvider ?? logs.getLoggerProvider()).getLogger(SIGNAL_SCOPE, INSTRUMENTATION_VERSION);
    this.pipeline = new MonitoringPipeline(config, { sink: new AppSignalSink(meter, logger, config.data_quality, config.performance) });
    this.#batchSize = options.batchSize ?? 256;
    this.#started = this.pipeline.start().catch((error: unknown) => diag.error('modelwatch: the in-process monitor could not start', error));
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.#stopped !== undefined || !('ml.model.name' in span.attributes || isLlmSpan(span))) return;
    try {
      this.#pending.push(spanData(span));
    } catch (error) {
      diag.error('modelwatch: an inference span could not be read', error);
      return;
    }
    if (this.#pending.length >= this.#batchSize) this.#handOver();
    else this.#timer ??= setTimeout(() => this.#handOver(), 100).unref();
  }

  /**
   * As a log record processor of the app's LoggerProvider: ground truth emitted with
   * `recordFeedback` (§2 `ml.feedback` events) is joined to the predictions, for
   * observed performance. Other records pass untouched.
   */
  onEmit(record: SdkLogRecord): void {
    if (this.#stopped !== undefined) return;
    const eventName = record.eventName ?? record.attributes['event.name'];
    if (eventName !== FEEDBACK_EVENT_NAME) return;
    // The predictions first: a label and its prediction made in the same instant join at once.
    this.#handOver();
    const feedback = feedbackRecord((key) => record.attributes[key], Date.now());
    if (typeof feedback === 'string') diag.warn(`modelwatch: an ml.feedback record was left out: ${feedback}`);
    else this.pipeline.registry.acceptFeedback(feedback);
  }

  async forceFlush(): Promise<void> {
    this.#handOver();
  }

  /** Hands over what is pending, then closes and judges the open windows (their signals go out). Safe to call twice. */
  shutdown(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#handOver();
      await this.#started;
      await this.pipeline.shutdown();
    })();
    return this.#stopped;
  }

  #handOver(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const spans = this.#pending;
    this.#pending = [];
    try {
      const { rejected, message } = this.pipeline.spans.consumeTraces(tracesData(spans));
      if (rejected > 0) diag.warn(`modelwatch: ${rejected} inference spans broke the conventions and were not monitored: ${message}`);
    } catch (error) {
      diag.error('modelwatch: monitoring a batch of inference spans failed', error);
    }
  }
}

/** LLM spans (GenAI, OpenInference) are monitored too, as `modelwatch serve` reads them. */
function isLlmSpan(span: ReadableSpan): boolean {
  return 'gen_ai.request.model' in span.attributes || 'gen_ai.response.model' in span.attributes || 'llm.model_name' in span.attributes;
}
