import assert from 'node:assert/strict';
import {
  AggregationTemporality, type DataPoint, MeterProvider, type MetricProducer, MetricReader, type ResourceMetrics, type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A reader the test collects from when it wants, cumulative like the Prometheus exporter. */
class CollectingReader extends MetricReader {
  constructor(metricProducers: MetricProducer[]) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
  }

  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * The SDK's real tracer and meter providers, recording in memory for a test to read:
 * hand them to an instrumentation (`setTracerProvider`, `setMeterProvider`) or a
 * recorder. Nothing is registered globally: each test's providers are its own.
 * `metricProducers` are collected with the SDK's metrics, as a reader given them does;
 * `views` go to the meter provider.
 */
export function inMemoryTelemetry({ metricProducers = [], views = [] }: { metricProducers?: MetricProducer[]; views?: ViewOptions[] } = {}) {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader(metricProducers);
  const meterProvider = new MeterProvider({ readers: [reader], views });
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

/** The one span there is, else a failure naming the spans there were. */
export function onlySpan(spans: readonly ReadableSpan[]): ReadableSpan {
  if (spans.length !== 1) throw new assert.AssertionError({ message: `one span, got ${spans.map((span) => span.name).join(', ') || 'none'}` });
  return spans[0];
}

/** What an instrumentation test points at fresh providers. */
interface Observable<C> {
  setConfig(config: C): void;
  setTracerProvider(provider: BasicTracerProvider): void;
  setMeterProvider(provider: MeterProvider): void;
}

/**
 * Fresh in-memory providers and a config for an instrumentation, one test at a time:
 * `observe(config)` at the start of a test, `reset()` after each (it shuts them down).
 */
export function observing<C>(instrumentation: Observable<C>) {
  let current: InMemoryTelemetry | undefined;
  return {
    observe(config: C): InMemoryTelemetry {
      current = inMemoryTelemetry();
      instrumentation.setConfig(config);
      instrumentation.setTracerProvider(current.tracerProvider);
      instrumentation.setMeterProvider(current.meterProvider);
      return current;
    },
    async reset(): Promise<void> {
      await current?.shutdown();
      current = undefined;
    },
  };
}
