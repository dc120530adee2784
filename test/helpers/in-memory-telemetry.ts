import { AggregationTemporality, type DataPoint, MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A reader the test collects from when it wants, cumulative like the Prometheus exporter. */
class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }

  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * The SDK's real tracer and meter providers, recording in memory for a test to read:
 * hand them to an instrumentation (`setTracerProvider`, `setMeterProvider`) or a
 * recorder. Nothing is registered globally: each test's providers are its own.
 */
export function inMemoryTelemetry() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** Metrics recorded so far (cumulative), collected now. @throws AggregateError when collection fails */
    async metrics(): Promise<ResourceMetrics> {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
      return resourceMetrics;
    },
    /** The data points of one metric, by name, across scopes. */
    async points(name: string): Promise<DataPoint<unknown>[]> {
      const { scopeMetrics } = await this.metrics();
      return scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints as DataPoint<unknown>[]);
    },
    async shutdown(): Promise<void> {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** What inMemoryTelemetry gives a test. */
export type InMemoryTelemetry = ReturnType<typeof inMemoryTelemetry>;
