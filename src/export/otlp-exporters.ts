import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { PushMetricExporter, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { OtlpPushSettings } from './otlp-push-settings.js';

type Compression = NonNullable<ConstructorParameters<typeof JsonMetricExporter>[0]>['compression'];

/** The SDK exporters' options, from the push settings; keys left out fall back to the SDK's env handling. */
function exporterOptions(settings: OtlpPushSettings) {
  return {
    ...(settings.url === undefined ? {} : { url: settings.url }),
    ...(settings.headers === undefined ? {} : { headers: { ...settings.headers } }),
    ...(settings.compression === undefined ? {} : { compression: settings.compression as Compression }),
  };
}

/**
 * The OTLP/HTTP metric exporter for the protocol, counting each failed export.
 * @param onFailure called once per failed export (after the SDK's own retries)
 */
export function otlpMetricExporter(settings: OtlpPushSettings, onFailure: () => void): PushMetricExporter {
  const options = exporterOptions(settings);
  const inner: PushMetricExporter = settings.protocol === 'http/json'
    ? new JsonMetricExporter(options)
    : new ProtobufMetricExporter(options);
  return {
    export(metrics: ResourceMetrics, done: (result: ExportResult) => void) {
      inner.export(metrics, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) onFailure();
        done(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
    ...(inner.selectAggregationTemporality === undefined ? {} : {
      selectAggregationTemporality: inner.selectAggregationTemporality.bind(inner),
    }),
    ...(inner.selectAggregation === undefined ? {} : { selectAggregation: inner.selectAggregation.bind(inner) }),
  };
}

/**
 * Sends the scope metrics `apart` picks in a request of their own, after the others',
 * so that a backend refusing them does not refuse the others too. What it is for: a
 * revised window's points are older than points the backend already has for the
 * same series, which Prometheus's OTLP receiver (without
 * `storage.tsdb.out_of_order_time_window`) refuses, failing the whole request. Both
 * requests count as exports (and as failures); the reader is told the first failure.
 */
export function exportingApart(exporter: PushMetricExporter, apart: (scopeMetrics: ScopeMetrics) => boolean): PushMetricExporter {
  return {
    export(metrics: ResourceMetrics, done: (result: ExportResult) => void) {
      const separate = metrics.scopeMetrics.filter(apart);
      if (separate.length === 0) {
        exporter.export(metrics, done);
        return;
      }
      const rest = metrics.scopeMetrics.filter((scopeMetrics) => !apart(scopeMetrics));
      const send = (scopeMetrics: ScopeMetrics[], next: (result: ExportResult) => void) => {
        if (scopeMetrics.length === 0) next({ code: ExportResultCode.SUCCESS });
        else exporter.export({ resource: metrics.resource, scopeMetrics }, next);
      };
      send(rest, (first) => send(separate, (second) => done(first.code === ExportResultCode.SUCCESS ? second : first)));
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    ...(exporter.selectAggregationTemporality === undefined ? {} : {
      selectAggregationTemporality: exporter.selectAggregationTemporality.bind(exporter),
    }),
    ...(exporter.selectAggregation === undefined ? {} : { selectAggregation: exporter.selectAggregation.bind(exporter) }),
  };
}

/**
 * The OTLP/HTTP log exporter for the protocol, counting each failed export.
 * @param onFailure called once per failed export (after the SDK's own retries)
 */
export function otlpLogExporter(settings: OtlpPushSettings, onFailure: () => void): LogRecordExporter {
  const options = exporterOptions(settings);
  const inner: LogRecordExporter = settings.protocol === 'http/json'
    ? new JsonLogExporter(options)
    : new ProtobufLogExporter(options);
  return {
    export(logs: ReadableLogRecord[], done: (result: ExportResult) => void) {
      inner.export(logs, (result) => {
        if (result.code !== ExportResultCode.SUCCESS) onFailure();
        done(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
  };
}
