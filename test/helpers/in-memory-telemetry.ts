import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The real SDK's tracer and meter providers, keeping what an instrumentation records in memory. */
export interface InMemoryTelemetry {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** Spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Metrics recorded so far (cumulative), collected now. @throws AggregateError when collection fails */
  metrics(): Promise<ResourceMetrics>;
  shutdown(): Promise<void>;
}

/** A reader that exports nowhere: the test collects when it wants to look. */
class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/**
 * Providers to hand an instrumentation (`setTracerProvider`, `setMeterProvider`) so a
 * test sees its spans and metrics as the SDK hands them to exporters. Nothing is
 * registered globally: each test's providers are its own.
 */
export function inMemoryTelemetry(): InMemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
      return resourceMetrics;
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
