import { createRequire } from 'node:module';
import { diag } from '@opentelemetry/api';
import { getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';
import { OTLPMetricExporter as OtlpJsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as OtlpProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  ConsoleMetricExporter, type IMetricReader, type MetricProducer, PeriodicExportingMetricReader, type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';

const DEFAULT_INTERVAL_MILLIS = 60_000;
const DEFAULT_TIMEOUT_MILLIS = 30_000;

/**
 * The metric readers the NodeSDK would make from `OTEL_METRICS_EXPORTER` (otlp,
 * console, prometheus; default otlp), `OTEL_METRIC_EXPORT_INTERVAL` / `_TIMEOUT` and
 * the OTLP protocol variables, each also given the producers `makeProducers()` returns
 * (called only when there is a reader to give them to). Made here because the
 * NodeSDK's own readers take no producer and cannot be given one later.
 *
 * @returns undefined when the variable says `none`: the NodeSDK then starts no metrics, as it would
 */
export function metricReadersFromEnv(makeProducers: () => MetricProducer[]): IMetricReader[] | undefined {
  const exporters = [...new Set(getStringListFromEnv('OTEL_METRICS_EXPORTER') ?? [])];
  if (exporters.includes('none')) return undefined;
  if (exporters.length === 0) exporters.push('otlp');
  const producers = makeProducers();
  const readers: IMetricReader[] = [];
  for (const exporter of exporters) {
    if (exporter === 'otlp') readers.push(periodicReader(otlpMetricExporterFromEnv(), producers, true));
    else if (exporter === 'console') readers.push(periodicReader(new ConsoleMetricExporter(), producers, false));
    else if (exporter === 'prometheus') readers.push(new PrometheusExporter({ metricProducers: producers }));
    else diag.warn(`modelwatch: unsupported OTEL_METRICS_EXPORTER value "${exporter}" (supported: otlp, console, prometheus, none)`);
  }
  return readers;
}

function periodicReader(exporter: PushMetricExporter, metricProducers: MetricProducer[], fromEnv: boolean): PeriodicExportingMetricReader {
  if (!fromEnv) return new PeriodicExportingMetricReader({ exporter, metricProducers });
  const exportIntervalMillis = getNumberFromEnv('OTEL_METRIC_EXPORT_INTERVAL') ?? DEFAULT_INTERVAL_MILLIS;
  // The reader refuses a timeout longer than its interval; the NodeSDK clamps it too.
  const exportTimeoutMillis = Math.min(getNumberFromEnv('OTEL_METRIC_EXPORT_TIMEOUT') ?? DEFAULT_TIMEOUT_MILLIS, exportIntervalMillis);
  return new PeriodicExportingMetricReader({ exporter, exportIntervalMillis, exportTimeoutMillis, metricProducers });
}

function otlpMetricExporterFromEnv(): PushMetricExporter {
  const protocol = (getStringFromEnv('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL') ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL'))?.trim() || 'http/protobuf';
  switch (protocol) {
    case 'http/protobuf':
      return new OtlpProtobufMetricExporter();
    case 'http/json':
      return new OtlpJsonMetricExporter();
    case 'grpc':
      return grpcMetricExporter();
    default:
      diag.warn(`modelwatch: unsupported OTLP metrics protocol "${protocol}"; using http/protobuf`);
      return new OtlpProtobufMetricExporter();
  }
}

/**
 * The gRPC exporter, loaded from beside the NodeSDK (its dependency, not ours), so an
 * app that asks for gRPC gets what the NodeSDK would have given it.
 */
function grpcMetricExporter(): PushMetricExporter {
  const fromSdk = createRequire(createRequire(import.meta.url).resolve('@opentelemetry/sdk-node'));
  const { OTLPMetricExporter } = fromSdk('@opentelemetry/exporter-metrics-otlp-grpc') as { OTLPMetricExporter: new () => PushMetricExporter };
  return new OTLPMetricExporter();
}
