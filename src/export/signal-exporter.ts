import { diag, type Attributes } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api-logs';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import type { LoadedConfig } from '../config/load-config.js';
import type { Lifecycle } from '../pipeline/consumer.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { AuditRecord } from '../audit/audit-record.js';
import { alertLogRecord } from './alert-log-record.js';
import { auditLogRecord } from './audit-log-record.js';
import { ListenError } from './listen-error.js';
import { exportingApart, otlpLogExporter, otlpMetricExporter } from './otlp-exporters.js';
import { otlpPushPlan, type OtlpPushPlan } from './otlp-push-settings.js';
import { SelfMetrics } from './self-metrics.js';
import { SIGNAL_SCOPE } from './signal-names.js';
import { SignalMetricProducer } from './signal-metric-producer.js';
import { windowAlerts } from './window-alerts.js';
import { performanceAlerts, RaisedAlerts } from './performance-alerts.js';
import { PerformanceRevisions } from './performance-revisions.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';

/** The part of the configuration the exporter reads. */
export type SignalExporterConfig = Pick<LoadedConfig, 'export' | 'prometheus' | 'data_quality'> & Partial<Pick<LoadedConfig, 'performance'>>;

/** What the exporter takes beyond the configuration. */
export interface SignalExporterOptions {
  /**
   * Resource attributes of everything exported, over `service.name=modelwatch`;
   * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override both.
   * @default {}
   */
  readonly resourceAttributes?: Attributes;
}

/** The instrumentation scope of the self-metrics. */
const SELF_SCOPE = 'modelwatch.self';

/**
 * The end of the pipeline: closed windows in; the §4 gauges out through a
 * Prometheus endpoint (`http://<prometheus.host>:<prometheus.port>/metrics`, unless
 * the port is 0) and an OTLP/HTTP push (when an endpoint is configured; see
 * {@link otlpPushPlan}), and alerts out as OTLP log records on the same endpoint.
 * Also the home of modelwatch's self-metrics.
 *
 * The two metric readers see the gauges differently. Both get the latest window of
 * each model version (SignalMetricProducer). The push reader also gets the
 * PerformanceRevisions: older windows whose performance figures changed (late
 * labels), as points timestamped at their own window, sent in a request of their own
 * (exportingApart). The scrape gets no such point: Prometheus's exposition carries
 * no timestamp, so it would read as the present and the series would flip between
 * windows.
 *
 * Built from the configuration; `start()` opens the Prometheus endpoint, and
 * publishing works from construction on. Errors of the background exports go to
 * the diagnostic logger and `modelwatch.export.failures`, never to the caller.
 * Through a backend outage alerts and the revisions are held in bounded queues and
 * retried until delivered (`export.queue`, see otlpLogExporter and exportingApart);
 * what those give up is counted in `modelwatch.export.dropped`.
 */
export class SignalExporter implements SignalSink, Lifecycle {
  /** Counters and gauges of modelwatch's own health, for the receiver and the pipeline to feed. */
  readonly selfMetrics: SelfMetrics;
  /** Where metrics and alerts are pushed (after the configuration and the environment). */
  readonly pushPlan: OtlpPushPlan;
  private readonly meterProvider: MeterProvider;
  private readonly loggerProvider?: LoggerProvider;
  private readonly logger?: Logger;
  private readonly prometheus?: PrometheusExporter;
  private readonly signals = new SignalMetricProducer();
  /** Older windows' new performance figures, for the push only (none without a metrics endpoint). */
  private readonly revisions?: PerformanceRevisions;
  private readonly thresholds: SignalExporterConfig['data_quality'];
  private readonly performanceThresholds: NonNullable<SignalExporterConfig['performance']>;
  /** Performance alerts raised, so a window's figures changing again (late labels) do not raise one twice. */
  private readonly raisedPerformance = new RaisedAlerts();
  private readonly prometheusAddress?: { host: string; port: number };
  private shutdownOnce?: Promise<void>;

  constructor(config: SignalExporterConfig, options: SignalExporterOptions = {}) {
    this.thresholds = config.data_quality;
    this.performanceThresholds = config.performance ?? { accuracy_drop: 0.05, error_rise: 0.1 };
    this.pushPlan = otlpPushPlan(config.export);
    const resource = exporterResource(options.resourceAttributes ?? {});
    const readers: IMetricReader[] = [];
    if (config.prometheus.port !== 0) {
      this.prometheusAddress = { host: config.prometheus.host, port: config.prometheus.port };
      this.prometheus = new PrometheusExporter({
        host: config.prometheus.host,
        port: config.prometheus.port,
        // Labels are exactly §4's attributes; the scope would add otel_scope_name to every series.
        withoutScopeInfo: true,
        preventServerStart: true,
        metricProducers: [this.signals],
      });
      readers.push(this.prometheus);
    }
    // The self-metrics exist before the exporters that count their failures, hence the late binding.
    let selfMetrics: SelfMetrics | undefined;
    const { metrics, logs } = this.pushPlan;
    const { queue } = config.export;
    const retry = { initialBackoffMillis: queue.retry_initial, maxBackoffMillis: queue.retry_max };
    if (metrics !== undefined) {
      const revisions = this.revisions = new PerformanceRevisions((signals) => this.signals.shows(signals));
      readers.push(new PeriodicExportingMetricReader({
        exporter: exportingApart(otlpMetricExporter(metrics, () => selfMetrics?.exportFailed('metrics')), (scope) => revisions.made(scope), {
          ...retry,
          maxItems: queue.max_revision_pushes,
          onDropped: (count) => selfMetrics?.exportDropped(count, 'metrics'),
        }),
        exportIntervalMillis: metrics.intervalMillis,
        exportTimeoutMillis: metrics.timeoutMillis,
        // Both collect in one turn of the event loop: the revisions leave out exactly the windows the gauges' points carry.
        metricProducers: [this.signals, revisions],
      }));
    }
    this.meterProvider = new MeterProvider({ resource, readers });
    selfMetrics = this.selfMetrics = new SelfMetrics(this.meterProvider.getMeter(SELF_SCOPE));
    if (logs !== undefined) {
      this.loggerProvider = new LoggerProvider({
        resource,
        processors: [new BatchLogRecordProcessor({
          exporter: otlpLogExporter(logs, () => selfMetrics?.exportFailed('logs'), {
            ...retry,
            maxItems: queue.max_alerts,
            onDropped: (count) => selfMetrics?.exportDropped(count, 'logs'),
          }),
        })],
      });
      this.logger = this.loggerProvider.getLogger(SIGNAL_SCOPE);
    }
  }

  /** The Prometheus scrape URL, or undefined when the endpoint is off. */
  get prometheusUrl(): string | undefined {
    if (this.prometheusAddress === undefined) return undefined;
    const { host, port } = this.prometheusAddress;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
  }

  /**
   * Opens the Prometheus endpoint.
   * @throws ListenError MODELWATCH_ERR_LISTEN when its address cannot be listened on
   */
  async start(): Promise<void> {
    if (this.prometheus === undefined || this.prometheusAddress === undefined) return;
    try {
      await this.prometheus.startServer();
    } catch (error) {
      const { host, port } = this.prometheusAddress;
      throw new ListenError('the Prometheus endpoint', `${host}:${port}`, (error as NodeJS.ErrnoException).code ?? String(error),
        'choose another prometheus.port (--prometheus-port), or 0 to turn the endpoint off');
    }
  }

  /**
   * Takes a closed window: updates the gauges (only `ml.window.records` when it was
   * not evaluated), counts it, and raises its alerts.
   */
  publish(signals: WindowSignals): void {
    if (this.shutdownOnce !== undefined) return;
    try {
      this.signals.update(signals);
      this.selfMetrics.windowClosed(signals.evaluated);
      for (const alert of windowAlerts(signals, this.thresholds)) {
        this.selfMetrics.alertRaised(alert.kind);
        this.logger?.emit(alertLogRecord(alert));
      }
    } catch (error) {
      diag.error(`modelwatch: publishing the window of model "${signals.model}" version "${signals.version}" failed`, error);
    }
  }

  /**
   * Takes a window's performance, each time it changes: the gauges show the latest
   * window's, the next push carries an older window's as a point of its own, and an
   * alert is raised the first time a metric of a window crosses its threshold.
   */
  publishPerformance(signals: PerformanceSignals): void {
    if (this.shutdownOnce !== undefined) return;
    try {
      this.signals.updatePerformance(signals);
      this.revisions?.record(signals);
      for (const alert of performanceAlerts(signals, this.performanceThresholds)) {
        if (!this.raisedPerformance.first(alert, signals.source)) continue;
        this.selfMetrics.alertRaised(alert.kind);
        this.logger?.emit(alertLogRecord(alert));
      }
    } catch (error) {
      diag.error(`modelwatch: publishing the performance of model "${signals.model}" version "${signals.version}" failed`, error);
    }
  }

  /** Sends an audit record of an admin action out as an OTLP log record, with the alerts (when OTLP logs are pushed). */
  emitAudit(record: AuditRecord): void {
    if (this.shutdownOnce !== undefined) return;
    this.logger?.emit(auditLogRecord(record));
  }

  /** Stops exporting a model version's series (a retired version). */
  forget(model: string, version: string): void {
    this.signals.forget(model, version);
    this.revisions?.forget(model, version);
  }

  /** Pushes what is pending now (metrics and alerts); failures are logged and counted, never thrown. */
  async forceFlush(): Promise<void> {
    if (this.shutdownOnce !== undefined) return this.shutdownOnce;
    await Promise.all([
      this.meterProvider.forceFlush().catch((error: unknown) => diag.error('modelwatch: flushing metrics failed', error)),
      this.loggerProvider?.forceFlush().catch((error: unknown) => diag.error('modelwatch: flushing alerts failed', error)),
    ]);
  }

  /** Pushes what is pending, then closes the Prometheus endpoint and the exporters. Safe to call twice. */
  shutdown(): Promise<void> {
    this.shutdownOnce ??= Promise.all([
      this.meterProvider.shutdown().catch((error: unknown) => diag.error('modelwatch: shutting down the metric export failed', error)),
      this.loggerProvider?.shutdown().catch((error: unknown) => diag.error('modelwatch: shutting down the alert export failed', error)),
    ]).then(() => undefined);
    return this.shutdownOnce;
  }
}

function exporterResource(attributes: Attributes): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ 'service.name': 'modelwatch', ...attributes }))
    .merge(detectResources({ detectors: [envDetector] }));
}
