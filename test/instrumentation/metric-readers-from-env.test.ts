import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { OTLPMetricExporter as OtlpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { type IMetricReader, type MetricProducer, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { metricReadersFromEnv } from '../../instrumentation/metric-readers-from-env.js';
import { InProcessMetrics } from '../../instrumentation/in-process-metrics.js';

const VARIABLES = ['OTEL_METRICS_EXPORTER', 'OTEL_METRIC_EXPORT_INTERVAL', 'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_PROMETHEUS_PORT'];
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
const readers: IMetricReader[] = [];
afterEach(async () => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all(readers.splice(0).map((reader) => reader.shutdown().catch(() => undefined)));
});

function readersWith(env: Record<string, string>, producers: MetricProducer[] = [new InProcessMetrics()]) {
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  const made = metricReadersFromEnv(() => producers);
  readers.push(...(made ?? []));
  return made;
}

/** What the reader was made with (the SDK keeps these on the reader). */
const internals = (reader: IMetricReader) => reader as unknown as { _metricProducers: MetricProducer[]; _exporter: unknown; _exportInterval: number; _exportTimeout: number };

test('by default: one periodic OTLP http/protobuf reader, every 60 s, with the producers', () => {
  const producers = [new InProcessMetrics()];
  const [reader, ...rest] = readersWith({}, producers)!;
  assert.equal(rest.length, 0);
  assert.ok(reader instanceof PeriodicExportingMetricReader);
  assert.deepEqual(internals(reader)._metricProducers, producers);
  assert.ok(internals(reader)._exporter instanceof OtlpProtobufMetricExporter);
  assert.equal(internals(reader)._exportInterval, 60_000);
});

test('the interval, the timeout (clamped to the interval) and the JSON protocol come from the environment', () => {
  const [reader] = readersWith({ OTEL_METRIC_EXPORT_INTERVAL: '5000', OTEL_METRIC_EXPORT_TIMEOUT: '9000', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })!;
  assert.equal(internals(reader)._exportInterval, 5_000);
  assert.equal(internals(reader)._exportTimeout, 5_000);
  assert.ok(internals(reader)._exporter instanceof OtlpJsonMetricExporter);
  const [metricsOnly] = readersWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf' })!;
  assert.ok(internals(metricsOnly)._exporter instanceof OtlpProtobufMetricExporter, 'the metrics-specific variable wins');
});

test('grpc loads the exporter the NodeSDK ships with', () => {
  const [reader] = readersWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })!;
  assert.equal((internals(reader)._exporter as object).constructor.name, 'OTLPMetricExporter');
  assert.ok(!(internals(reader)._exporter instanceof OtlpProtobufMetricExporter));
});

test('several exporters, each reader with the producers; none starts nothing and makes no producer', () => {
  const made = readersWith({ OTEL_METRICS_EXPORTER: 'console, prometheus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' })!;
  assert.equal(made.length, 2);
  assert.ok(made[0] instanceof PeriodicExportingMetricReader);
  assert.ok(made[1] instanceof PrometheusExporter);
  for (const reader of made) assert.equal(internals(reader)._metricProducers.length, 1);
  let asked = false;
  process.env.OTEL_METRICS_EXPORTER = 'otlp,none';
  assert.equal(metricReadersFromEnv(() => ((asked = true), [])), undefined);
  assert.equal(asked, false);
});
