import type { LoadedConfig } from '../config/load-config.js';
import { SignalExporter } from '../export/signal-exporter.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { SignalSink } from '../pipeline/window-signals.js';
import type { Lifecycle } from '../pipeline/consumer.js';
import { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import type { DurableStep } from '../receiver/otlp-routes.js';
import { OtlpGrpcReceiver } from '../receiver-grpc/otlp-grpc-receiver.js';
import { profilesModePart } from '../profiles-mode/profiles-mode-part.js';
import type { RouteRequest } from '../receiver/route.js';
import { diag } from '@opentelemetry/api';
import { refusedRecord } from '../admin/admin-audit.js';
import { addAdminRoutes } from '../admin/admin-routes.js';
import { AuditLog } from '../audit/audit-log.js';
import { MemoryAuditStore } from '../audit/memory-audit-store.js';
import { BearerAuth } from '../auth/bearer-auth.js';
import { readAuthTokens } from '../auth/token-sources.js';
import { randomUUID } from 'node:crypto';
import type { ModelKey } from '../extract/inference-batch.js';
import { peerHandoff } from '../scale-out/peer-handoff.js';
import { readTlsFiles } from '../auth/tls-files.js';
import { ConfigError } from '../config/config-error.js';
import { addFeedbackRoute } from '../feedback/feedback-route.js';
import { AlertWebhook, alertWebhookOptions, WebhookSignalSink } from '../webhook/index.js';
import { AlertHistory } from '../store/alert-history.js';
import { DurableState } from '../store/durable-state.js';
import { SqliteAuditStore } from '../store/sqlite-audit-store.js';
import { journalReplayer } from '../store/journal-replay.js';
import { ReplayClock } from '../store/replay-clock.js';
import { DashboardHistory } from '../ui/dashboard-history.js';
import { addDashboardRoutes } from '../ui/dashboard-routes.js';
import { countingConsumers } from './counting-consumers.js';
import { MonitoringPipeline } from './monitoring-pipeline.js';

/** How long shutdown waits for queued webhook deliveries. */
const WEBHOOK_GRACE_MS = 5_000;
/** How often a draining replica looks whether it still holds a version. */
const DRAIN_POLL_MS = 50;

export interface ProcessorOptions {
  /** The clock, for tests. @default Date.now */
  readonly now?: () => number;
  /** Also told of every closed window, after the exporters (`serve --print-windows`). */
  readonly windowListener?: SignalSink;
  /** The extraction threads' script (`receiver.extraction_threads`), for bench:ingest. @default the one that extracts */
  readonly extractionScript?: URL;
}

/**
 * `modelwatch serve` assembled, as a Collector pipeline: OTLP/HTTP receiver → the
 * monitoring pipeline (extraction, model registry, window scheduler; see
 * MonitoringPipeline) → signal exporter (OTLP push, Prometheus, alert logs). Windows
 * are judged a feature at a time between requests, and threshold calibrations run on
 * a worker thread, so neither holds the receiver. Metrics posted to /v1/metrics feed
 * profiles mode (src/profiles-mode). `POST /v1/feedback` takes ground truth; the admin
 * endpoints (src/admin) share the receiver's port.
 */
export class Processor implements Lifecycle {
  readonly exporter: SignalExporter;
  readonly pipeline: MonitoringPipeline;
  readonly receiver: OtlpHttpReceiver;
  /** OTLP/gRPC beside OTLP/HTTP (src/receiver-grpc), unless `receiver.grpc_port` is 0. */
  readonly grpcReceiver: OtlpGrpcReceiver | undefined;
  /** Where alerts are POSTed, signed, when `webhook.url` is set. */
  readonly #webhook: AlertWebhook | undefined;
  /** The state kept in `data_dir` (src/store), when set. */
  readonly durable: DurableState | undefined;
  /** What the live dashboard at `/ui` shows (src/ui), unless `ui.enabled` is false. */
  readonly dashboard: DashboardHistory | undefined;
  #state: 'new' | 'started' | 'stopped' = 'new';
  /** `scale_out.drain_timeout`: how long shutdown hands versions over before closing what is left. */
  readonly #drainTimeoutMs: number;

  constructor(config: LoadedConfig, options: ProcessorOptions = {}) {
    // First: a token file that went missing since the configuration was loaded stops startup before anything opens.
    const auth = readAuthTokens(config.receiver.auth, process.cwd());
    const tls = readTlsFiles(config.receiver.tls, process.cwd());
    if (auth.problems.length > 0 || tls.problems.length > 0) throw new ConfigError('receiver', [...auth.problems, ...tls.problems]);
    this.exporter = new SignalExporter(config);
    this.#drainTimeoutMs = config.scale_out.drain_timeout ?? 0;
    const { windowListener } = options;
    // With a data dir, every accepted request is journalled and the state snapshotted, and a restart continues from them.
    const durable = config.data_dir === undefined ? undefined : new DurableState(config.data_dir);
    this.durable = durable;
    const clock = durable === undefined ? undefined : new ReplayClock(options.now ?? Date.now);
    const now = clock?.now ?? options.now;
    const webhookOptions = alertWebhookOptions(config.webhook);
    this.#webhook = webhookOptions === undefined ? undefined : new AlertWebhook(webhookOptions);
    const sinks: SignalSink[] = [this.exporter];
    if (this.#webhook !== undefined) sinks.push(new WebhookSignalSink(this.#webhook, config.data_quality, config.performance));
    if (durable !== undefined) sinks.push(new AlertHistory((writes) => durable.writeState(writes), config.data_quality, config.performance));
    const { ui } = config;
    this.dashboard = ui.enabled ? new DashboardHistory({
      windows: ui.windows, maxCells: ui.max_cells, alerts: ui.alerts, quality: config.data_quality, performance: config.performance,
      ...(options.now === undefined ? {} : { now: options.now }),
    }) : undefined;
    if (this.dashboard !== undefined) sinks.push(this.dashboard);
    if (windowListener !== undefined) sinks.push(windowListener);
    const sink: SignalSink = sinks.length === 1 ? this.exporter : {
      publish: (signals) => {
        for (const each of sinks) each.publish(signals);
      },
      publishPerformance: (signals) => {
        for (const each of sinks) each.publishPerformance?.(signals);
      },
    };
    const selfMetrics = this.exporter.selfMetrics;
    // Peer lists name every replica, this one too: its questions carry this id, so that it knows when it asked itself.
    const replicaId = randomUUID();
    const handoff = peerHandoff(config.scale_out, replicaId, (outcome) => selfMetrics.handoffEnded(outcome));
    this.pipeline = new MonitoringPipeline(config, {
      sink,
      ...(handoff === undefined ? {} : { handoff }),
      // An imported state is in no journalled request: the next snapshot is taken at once.
      ...(durable === undefined ? {} : { afterImport: () => void durable.snapshotSoon().catch(() => undefined) }),
      limitBreached: (limit) => selfMetrics.limitBreached(limit),
      ...(now === undefined ? {} : { now }),
      ...(options.extractionScript === undefined ? {} : { extractionScript: options.extractionScript }),
      ...(durable === undefined || clock === undefined ? {} : {
        references: durable.references,
        recover: (registry: ModelRegistry) => {
          const replay = journalReplayer({ traces: this.pipeline.spans, logs: this.pipeline.logs, metrics: this.pipeline.metrics }, registry, clock.now);
          durable.recover(registry, clock, replay, [profilesModePart(this.pipeline.metrics)]);
        },
        afterWindowsClosed: () => durable.snapshot(),
      }),
    });
    // Admin actions: kept in the data dir's audit table (else the last ones in memory), and sent out with the alerts.
    const audit = new AuditLog(durable === undefined ? new MemoryAuditStore() : new SqliteAuditStore(durable.db, (writes) => durable.writeState(writes)),
      (record) => this.exporter.emitAudit(record));
    const auditNow = options.now ?? Date.now;
    const consumers = countingConsumers({
      traces: this.pipeline.traces,
      logs: this.pipeline.logs,
      // Profiles mode: the instrumentation's per-feature metrics feed the same windows as spans (src/profiles-mode).
      metrics: this.pipeline.metrics,
    }, this.exporter.selfMetrics);
    const { receiver } = config;
    const bearerAuth = new BearerAuth(auth.tokens);
    const durableStep: DurableStep | undefined = durable === undefined || clock === undefined ? undefined
      : (signal, request: RouteRequest) => durable.record({ signal, mediaType: request.mediaType, arrivalUnixMs: clock.now(), body: request.body, ...(request.wire === undefined ? {} : { wire: request.wire }) });
    this.receiver = new OtlpHttpReceiver(consumers, {
      host: receiver.host,
      port: receiver.port,
      maxBodyBytes: receiver.max_body_bytes,
      maxConcurrentRequests: receiver.max_inflight_requests,
      maxBufferedBytes: receiver.max_inflight_bytes,
      retryAfterSeconds: Math.max(1, Math.round(receiver.retry_after / 1000)),
      auth: bearerAuth,
      boundBreached: (bound) => selfMetrics.limitBreached(bound),
      // Denied admin attempts are audited too: refused before any handler runs, so here.
      refused: (attempt) => {
        const record = refusedRecord(attempt, auditNow());
        if (record !== undefined) audit.record(record).catch((error: unknown) => diag.error('modelwatch: the audit record of a refused admin request could not be kept', error));
      },
      ...(tls.tls === undefined ? {} : { tls: tls.tls }),
      ...(durableStep === undefined ? {} : { durable: durableStep }),
    });
    // The same consumers, tokens, TLS and journal; the HTTP receiver's intake bounds, so the two protocols share one memory budget.
    this.grpcReceiver = receiver.grpc_port === 0 ? undefined : new OtlpGrpcReceiver(consumers, {
      host: receiver.host,
      port: receiver.grpc_port,
      maxMessageBytes: receiver.max_body_bytes,
      intake: this.receiver.sharedIntake(),
      retryAfterMs: receiver.retry_after,
      auth: bearerAuth,
      boundBreached: (bound) => selfMetrics.limitBreached(bound),
      ...(tls.tls === undefined ? {} : { tls: tls.tls }),
      ...(durableStep === undefined ? {} : { durable: durableStep }),
    });
    this.exporter.selfMetrics.observeQueueDepth(() => this.receiver.stats().inFlightRequests);
    this.exporter.selfMetrics.observeFeedback(() => this.registry.joinStats());
    this.exporter.selfMetrics.observeProcessed(() => this.registry.recordsTaken);
    this.exporter.selfMetrics.observeResponses('http', () => this.receiver.stats().responses);
    const grpcReceiver = this.grpcReceiver;
    if (grpcReceiver !== undefined) this.exporter.selfMetrics.observeResponses('grpc', () => grpcReceiver.stats().responses);
    const webhook = this.#webhook;
    if (webhook !== undefined) {
      this.exporter.selfMetrics.observeWebhook(() => {
        const { delivered, failed, dropped, retries } = webhook.stats();
        return { delivered, failed, dropped, retried: retries };
      });
    }
    // A version deleted, or handed over to another replica: what is kept of it outside the registry goes too.
    const forgetVersion = (key: ModelKey) => {
      this.exporter.forget(key.model, key.version);
      this.dashboard?.forget(key);
      return durable?.forgetVersion(key);
    };
    addAdminRoutes(this.receiver, {
      registry: this.registry,
      audit,
      versionDeleted: forgetVersion,
      state: {
        replicaId,
        released: forgetVersion,
        imported: () => durable?.snapshotSoon(),
        counted: (event) => selfMetrics.stateTransferred(event.direction,
          event.direction === 'export' ? (event.released ? 'released' : 'copied') : event.outcome),
      },
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    if (this.dashboard !== undefined) addDashboardRoutes(this.receiver, { history: this.dashboard, versions: () => this.registry.list(), config: ui });
    addFeedbackRoute(this.receiver, this.registry, this.exporter.selfMetrics, now, durable === undefined || clock === undefined ? undefined
      : (request) => durable.record({ signal: 'feedback', mediaType: request.mediaType, arrivalUnixMs: clock.now(), body: request.body, ...(request.wire === undefined ? {} : { wire: request.wire }) }));
  }

  /**
   * Leaving the replicas (`scale_out.drain_timeout`): data is refused (HTTP 503, and
   * the gRPC receiver stops), so the Collector sends it to the replicas its ring now
   * names; they ask this one for the versions they see first, and it hands them over,
   * until it holds none or the time is up.
   */
  async #drain(): Promise<void> {
    this.receiver.drain();
    await this.grpcReceiver?.shutdown();
    const deadline = Date.now() + this.#drainTimeoutMs;
    while (this.registry.versionCount > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }

  /** The model versions and their windows (the pipeline's registry). */
  get registry(): ModelRegistry {
    return this.pipeline.registry;
  }

  /**
   * Reads the configured references, opens the exporters, then starts taking OTLP.
   * @throws ModelwatchError when a reference file is bad or a port cannot be listened on
   */
  async start(): Promise<void> {
    if (this.#state !== 'new') return;
    this.#state = 'started';
    try {
      await this.pipeline.start();
      // A new data dir's first snapshot (taken by the recovery) is on disk before any request is taken.
      await this.durable?.snapshotSettled();
      await this.exporter.start();
      await this.receiver.start();
      await this.grpcReceiver?.start();
    } catch (error) {
      await this.shutdown();
      throw error;
    }
  }

  /**
   * Stops taking OTLP, finishes requests in flight, closes and evaluates the open
   * windows, and flushes the exporters. Safe to call twice.
   */
  async shutdown(): Promise<void> {
    if (this.#state === 'stopped') return;
    const wasStarted = this.#state === 'started';
    this.#state = 'stopped';
    if (wasStarted && this.#drainTimeoutMs > 0) await this.#drain();
    await Promise.all([this.receiver.shutdown(), this.grpcReceiver?.shutdown()]);
    await this.pipeline.shutdown();
    // The pipeline's last window close took a snapshot; what remains queued is committed here.
    await this.durable?.close();
    await this.exporter.shutdown();
    // The last windows' alerts were queued by the pipeline's shutdown: a few seconds to deliver them.
    await this.#webhook?.shutdown(WEBHOOK_GRACE_MS);
  }
}
