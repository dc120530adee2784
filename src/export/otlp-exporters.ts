import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { PushMetricExporter, ResourceMetrics, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { OtlpPushSettings } from './otlp-push-settings.js';
import { RetryQueue, type Delivery } from './retry-queue.js';

type Compression = NonNullable<ConstructorParameters<typeof JsonMetricExporter>[0]>['compression'];

/** The SDK exporters' options, from the push settings; keys left out fall back to the SDK's env handling. */
function exporterOptions(settings: OtlpPushSettings) {
  return {
    ...(settings.url === undefined ? {} : { url: settings.url }),
    ...(settings.headers === undefined ? {} : { headers: { ...settings.headers } }),
    ...(settings.compression === undefined ? {} : { compression: settings.compression as Compression }),
    ...(settings.exporterTimeoutMillis === undefined ? {} : { timeoutMillis: settings.exporterTimeoutMillis }),
  };
}

/**
 * What the SDK's OTLP/HTTP exporters (@opentelemetry/otlp-exporter-base 0.223,
 * `RetryingTransport` and `sendWithHttp`) do by themselves, read in their code:
 *
 * - retryable: HTTP 429, 502, 503, 504; the network errors ECONNRESET, ECONNREFUSED,
 *   EPIPE, ETIMEDOUT, EAI_AGAIN, ENOTFOUND, ENETUNREACH, EHOSTUNREACH; a request
 *   timing out. Every other status is a failure at once (not retried);
 * - up to 5 retries after the first attempt, waiting 1 s, then ×1.5 each time
 *   (±20 % jitter), at most 5 s; a `Retry-After` (seconds, or an HTTP date)
 *   replaces the computed wait;
 * - all within one deadline, the exporter's `timeoutMillis` (OTEL_EXPORTER_OTLP_TIMEOUT,
 *   else 10 s) from the first attempt: a retry that would start after it is not made;
 * - after the last attempt the export fails (`ExportResultCode.FAILED`) and the data
 *   is gone: nothing is kept. The error says neither the status nor the Retry-After
 *   of a retryable answer (`OTLPExporterError('Export failed with retryable
 *   status')`, no code), so a caller cannot honour Retry-After beyond the deadline;
 *   a failure that is not retryable carries the HTTP status as its numeric `code`.
 *
 * So an outage longer than the deadline loses what was being sent: the
 * {@link RetryQueue}s in front of the alerts and the performance revisions keep it.
 */
export function deliveryOf(result: ExportResult): Delivery {
  if (result.code === ExportResultCode.SUCCESS) return 'delivered';
  const status = (result.error as { code?: unknown } | undefined)?.code;
  // A numeric code is an HTTP status the SDK judged not retryable (400, 401, 413…): sending again would be refused again.
  return typeof status === 'number' && ![408, 429, 502, 503, 504].includes(status) && status >= 400 && status < 500 ? 'refused' : 'retry';
}

/** How long a queue held for a backend outage waits, and how much it holds. */
export interface RetrySettings {
  readonly maxItems: number;
  readonly initialBackoffMillis: number;
  readonly maxBackoffMillis: number;
  readonly onDropped: (count: number) => void;
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
 * Sends the scope metrics `apart` picks in a request of their own, after the others,
 * so that a backend refusing them does not refuse the others too. What it is for: a
 * revised window's points are older than points the backend already has for the
 * same series, which Prometheus's OTLP receiver (without
 * `storage.tsdb.out_of_order_time_window`) refuses, failing the whole request. Both
 * requests count as exports (and as failures).
 *
 * The two parts fail differently. The others are state (the latest window's gauges
 * and the self-metrics): the next push carries them anew, so a failed one is told to
 * the reader and not repeated. The part apart is one-off (a revised window is sent
 * once), so it goes through a {@link RetryQueue} of `retry.maxItems` requests, retried
 * through an outage, in order; the reader is told only the others' result.
 */
export function exportingApart(exporter: PushMetricExporter, apart: (scopeMetrics: ScopeMetrics) => boolean, retry: RetrySettings): PushMetricExporter {
  const revisions = new RetryQueue<ResourceMetrics>(
    ([metrics]) => new Promise((resolve) => exporter.export(metrics!, (result) => resolve(deliveryOf(result)))),
    { what: 'revised performance pushes', maxBatch: 1, ...retry },
  );
  return {
    export(metrics: ResourceMetrics, done: (result: ExportResult) => void) {
      const separate = metrics.scopeMetrics.filter(apart);
      if (separate.length === 0) {
        exporter.export(metrics, done);
        return;
      }
      const rest = metrics.scopeMetrics.filter((scopeMetrics) => !apart(scopeMetrics));
      const sendSeparate = () => revisions.add([{ resource: metrics.resource, scopeMetrics: separate }]);
      if (rest.length === 0) {
        sendSeparate();
        done({ code: ExportResultCode.SUCCESS });
        return;
      }
      exporter.export({ resource: metrics.resource, scopeMetrics: rest }, (result) => {
        sendSeparate();
        done(result);
      });
    },
    forceFlush: async () => {
      await revisions.flush();
      await exporter.forceFlush();
    },
    shutdown: async () => {
      await revisions.shutdown();
      await exporter.shutdown();
    },
    ...(exporter.selectAggregationTemporality === undefined ? {} : {
      selectAggregationTemporality: exporter.selectAggregationTemporality.bind(exporter),
    }),
    ...(exporter.selectAggregation === undefined ? {} : { selectAggregation: exporter.selectAggregation.bind(exporter) }),
  };
}

/** Log records sent in one request at most: the BatchLogRecordProcessor's default batch. */
const MAX_LOG_BATCH = 512;

/**
 * The OTLP/HTTP log exporter for the protocol, behind a {@link RetryQueue} of
 * `retry.maxItems` log records: alerts are the part that must not be lost, so a batch
 * the SDK exporter failed to deliver (after its own retries, see {@link deliveryOf})
 * is kept and retried, in order, until the backend takes it. The processor is told
 * success once a batch is queued; `forceFlush()` waits for the queue to be delivered
 * or for an attempt to fail.
 * @param onFailure called once per failed attempt (after the SDK's own retries)
 */
export function otlpLogExporter(settings: OtlpPushSettings, onFailure: () => void, retry: RetrySettings): LogRecordExporter {
  const options = exporterOptions(settings);
  const inner: LogRecordExporter = settings.protocol === 'http/json'
    ? new JsonLogExporter(options)
    : new ProtobufLogExporter(options);
  const queue = new RetryQueue<ReadableLogRecord>(
    (logs) => new Promise((resolve) => inner.export(logs, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) onFailure();
      resolve(deliveryOf(result));
    })),
    { what: 'alerts', maxBatch: MAX_LOG_BATCH, ...retry },
  );
  return {
    export(logs: ReadableLogRecord[], done: (result: ExportResult) => void) {
      queue.add(logs);
      done({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: async () => {
      await queue.flush();
      await inner.forceFlush();
    },
    shutdown: async () => {
      await queue.shutdown();
      await inner.shutdown();
    },
  };
}
