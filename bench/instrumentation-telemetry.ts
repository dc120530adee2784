/**
 * The OpenTelemetry SDK the instrumentation benchmark runs on: the real providers an
 * app started with the NodeSDK has, exporting nowhere, so what is timed is the
 * instrumentation and the SDK's in-process work, not a network.
 */
import { type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, AggregationType, MeterProvider, type MetricProducer, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { node, tracing } from '@opentelemetry/sdk-node';

/** Drops every span it is given, counting them (to show that none was dropped before it). */
class CountingNullExporter implements SpanExporter {
  exported = 0;
  last: ReadableSpan | undefined;

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    this.last = spans[spans.length - 1];
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** Holds what the meter provider aggregated until the benchmark reads it at the end, cumulative as Prometheus has it. */
class HoldingReader extends MetricReader {
  constructor(metricProducers: MetricProducer[]) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
  }

  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface BenchTelemetry {
  readonly tracerProvider: node.NodeTracerProvider;
  readonly meterProvider: MeterProvider;
  readonly exporter: CountingNullExporter;
  collect(): Promise<ResourceMetrics>;
  /** Exports what the batch processor holds and returns the last span exported. */
  lastSpan(): Promise<ReadableSpan | undefined>;
  shutdown(): Promise<void>;
}

/**
 * - traces: NodeTracerProvider (the SDK's BasicTracerProvider, registered with the
 *   AsyncLocalStorage context manager a NodeSDK app runs with, so making a span active
 *   costs what it costs in production), always-on sampling, a BatchSpanProcessor (the
 *   NodeSDK's default) into an exporter that drops the spans;
 * - metrics: a MeterProvider with one reader, and the exponential-histogram view on
 *   `ml.feature.value` (for metrics recorded through the Metrics API), the reader
 *   also collecting `metricProducers`, as register's readers collect modelwatch's in-process metrics.
 */
export function benchTelemetry(metricProducers: MetricProducer[] = []): BenchTelemetry {
  const exporter = new CountingNullExporter();
  const tracerProvider = new node.NodeTracerProvider({ spanProcessors: [new tracing.BatchSpanProcessor(exporter)] });
  tracerProvider.register();
  const reader = new HoldingReader(metricProducers);
  const meterProvider = new MeterProvider({
    readers: [reader],
    views: [{ instrumentName: 'ml.feature.value', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  return {
    tracerProvider,
    meterProvider,
    exporter,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
      return resourceMetrics;
    },
    async lastSpan() {
      await tracerProvider.forceFlush();
      return exporter.last;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
