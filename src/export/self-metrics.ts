import type { Counter, Meter, ObservableGauge } from '@opentelemetry/api';
import type { ResponseCount } from '../receiver/receiver-stats.js';

/** Where an intake count comes from: an OTLP signal, or POST /v1/feedback. */
export type IntakeSignal = 'traces' | 'logs' | 'metrics' | 'feedback';

/** The ground-truth join's running counts. */
export interface FeedbackCounts {
  readonly pendingPredictions: number;
  readonly waitingLabels: number;
  readonly joined: number;
  readonly dropped: number;
}

/** The webhook's running counts. */
export interface WebhookCounts {
  readonly delivered: number;
  readonly failed: number;
  readonly dropped: number;
  readonly retried: number;
}

/** Which receiver answered: OTLP/HTTP (with the feedback and admin routes) or OTLP/gRPC. */
export type ReceiverProtocol = 'http' | 'grpc';

/** Which push failed. */
export type ExportSignal = 'metrics' | 'logs';

/**
 * modelwatch's own health, exported beside the §4 signals (through Prometheus,
 * counters gain `_total`):
 *
 * | name | instrument | attributes | meaning |
 * |---|---|---|---|
 * | `modelwatch.records.accepted` | counter | `modelwatch.signal` | spans, log records or data points taken in (OTLP's own count) |
 * | `modelwatch.records.rejected` | counter | `modelwatch.signal` | the same, rejected (`partial_success`) |
 * | `modelwatch.records.processed` | counter | | inference records (rows) the model registry took into a reference or a window: with one row per span, equal to accepted traces once the intake is idle |
 * | `modelwatch.intake.queue_depth` | gauge | | requests waiting in or taken from the bounded intake queue |
 * | `modelwatch.windows.evaluated` | counter | | closed windows that got a verdict |
 * | `modelwatch.windows.skipped` | counter | | closed windows with too few records for one |
 * | `modelwatch.alerts` | counter | `ml.alert.kind` | alerts raised (whether or not a logs endpoint takes them) |
 * | `modelwatch.export.failures` | counter | `modelwatch.signal` (`metrics`, `logs`) | OTLP pushes that failed |
 * | `modelwatch.feedback.waiting` | gauge | `modelwatch.feedback.side` (`predictions`, `labels`) | predictions waiting for their label, and labels for their prediction |
 * | `modelwatch.feedback.joined` | gauge | | labels joined to their prediction since the start |
 * | `modelwatch.feedback.dropped` | gauge | | predictions and labels let go unjoined (past the horizon or `max_pending`) since the start |
 * | `modelwatch.limits.breaches` | counter | `modelwatch.limit` (a key of the `limits` section, or `receiver.max_body_bytes` / `receiver.max_inflight_requests` / `receiver.max_inflight_bytes`) | requests or spans rejected for breaking a limit; for `categories_per_feature`, feature-windows whose overflow bucket took values |
 * | `modelwatch.webhook.deliveries` | gauge | `modelwatch.webhook.outcome` (`delivered`, `failed`, `dropped`, `retried`) | alert deliveries to the webhook since the start |
 * | `modelwatch.receiver.http.responses` | counter | `http.route` (the route's path, `unknown` for none), `http.response.status_code` | HTTP responses sent |
 * | `modelwatch.receiver.grpc.responses` | counter | `rpc.service`, `rpc.method`, `rpc.grpc.status_code` (the numeric code: 0 OK, 16 UNAUTHENTICATED, ...) | gRPC calls answered |
 *
 * The two receivers' answers are counted under parallel names rather than one name with
 * a protocol attribute, because their status codes are different vocabularies: a sum
 * over one name would add HTTP 200s to gRPC 0s. Attribute names are OpenTelemetry's
 * semantic conventions for HTTP and RPC, so queries written for instrumented servers fit.
 *
 * No unit, so the Prometheus names are the OTel names with underscores.
 */
export class SelfMetrics {
  private readonly accepted: Counter;
  private readonly rejected: Counter;
  private readonly evaluated: Counter;
  private readonly skipped: Counter;
  private readonly alerts: Counter;
  private readonly failures: Counter;
  private readonly dropped: Counter;
  private readonly breaches: Counter;
  private readonly queueDepth: ObservableGauge;
  private readonly transfers: Counter;
  private readonly handoffs: Counter;
  private readQueueDepth?: () => number;
  private readProcessed?: () => number;
  private readFeedback?: () => FeedbackCounts | undefined;
  private readWebhook?: () => WebhookCounts;
  private readonly readResponses = new Map<ReceiverProtocol, () => readonly ResponseCount[]>();

  constructor(meter: Meter) {
    this.accepted = meter.createCounter('modelwatch.records.accepted', {
      description: 'Spans, log records or data points taken in by the receiver',
    });
    this.rejected = meter.createCounter('modelwatch.records.rejected', {
      description: 'Spans, log records or data points rejected by the receiver (reported in partial_success)',
    });
    this.evaluated = meter.createCounter('modelwatch.windows.evaluated', {
      description: 'Closed windows that held enough records for a verdict',
    });
    this.skipped = meter.createCounter('modelwatch.windows.skipped', {
      description: 'Closed windows with too few records for a verdict',
    });
    this.alerts = meter.createCounter('modelwatch.alerts', { description: 'Alerts raised' });
    this.failures = meter.createCounter('modelwatch.export.failures', { description: 'OTLP exports that failed' });
    this.dropped = meter.createCounter('modelwatch.export.dropped', {
      description: 'Alerts (logs) and revised performance pushes (metrics) given up: past the export queue bound, refused by the backend, or held at shutdown',
    });
    this.breaches = meter.createCounter('modelwatch.limits.breaches', {
      description: 'Requests or spans rejected for breaking one of the limits',
    });
    this.transfers = meter.createCounter('modelwatch.state.transfers', {
      description: 'Model version states handed out (outcome released or copied) or taken in (created or merged) through /v1/models/{name}/{version}/state',
    });
    this.handoffs = meter.createCounter('modelwatch.state.handoffs', {
      description: 'Versions seen for the first time and asked of the other replicas (scale_out.peers), by outcome: imported, or why the version started on its own automatic reference',
    });
    this.queueDepth = meter.createObservableGauge('modelwatch.intake.queue_depth', {
      description: 'Requests held by the bounded intake queue',
    });
    this.queueDepth.addCallback((result) => {
      if (this.readQueueDepth !== undefined) result.observe(this.readQueueDepth());
    });
    // A running total the registry keeps itself, read at each collection: counted where records land, not where they are answered.
    meter.createObservableCounter('modelwatch.records.processed', {
      description: 'Inference records (rows) taken into a reference or a window by the model registry',
    }).addCallback((result) => {
      if (this.readProcessed !== undefined) result.observe(this.readProcessed());
    });
    // Gauges of running totals the join and the webhook keep themselves: read at each collection.
    meter.createObservableGauge('modelwatch.feedback.waiting', { description: 'Predictions waiting for their label, and labels for their prediction' })
      .addCallback((result) => {
        const counts = this.readFeedback?.();
        if (counts === undefined) return;
        result.observe(counts.pendingPredictions, { 'modelwatch.feedback.side': 'predictions' });
        result.observe(counts.waitingLabels, { 'modelwatch.feedback.side': 'labels' });
      });
    meter.createObservableGauge('modelwatch.feedback.joined', { description: 'Labels joined to their prediction since the start' })
      .addCallback((result) => {
        const counts = this.readFeedback?.();
        if (counts !== undefined) result.observe(counts.joined);
      });
    meter.createObservableGauge('modelwatch.feedback.dropped', { description: 'Predictions and labels let go unjoined since the start' })
      .addCallback((result) => {
        const counts = this.readFeedback?.();
        if (counts !== undefined) result.observe(counts.dropped);
      });
    meter.createObservableGauge('modelwatch.webhook.deliveries', { description: 'Alert deliveries to the webhook since the start, by outcome' })
      .addCallback((result) => {
        const counts = this.readWebhook?.();
        if (counts === undefined) return;
        for (const outcome of ['delivered', 'failed', 'dropped', 'retried'] as const) result.observe(counts[outcome], { 'modelwatch.webhook.outcome': outcome });
      });
    // Running totals the receivers keep (ReceiverStats), read at each collection rather than counted twice.
    meter.createObservableCounter('modelwatch.receiver.http.responses', { description: 'HTTP responses sent by the receiver, by route and status code' })
      .addCallback((result) => {
        for (const { route, status, count } of this.readResponses.get('http')?.() ?? []) {
          result.observe(count, { 'http.route': route, 'http.response.status_code': status });
        }
      });
    meter.createObservableCounter('modelwatch.receiver.grpc.responses', { description: 'gRPC calls answered by the receiver, by method and status code' })
      .addCallback((result) => {
        for (const { route, status, count } of this.readResponses.get('grpc')?.() ?? []) {
          // A gRPC method path is /<service>/<method>.
          const slash = route.lastIndexOf('/');
          result.observe(count, { 'rpc.service': route.slice(1, slash), 'rpc.method': route.slice(slash + 1), 'rpc.grpc.status_code': status });
        }
      });
  }

  /** Names what reads a receiver's running counts of responses at each collection; a second call for one protocol replaces the first. */
  observeResponses(protocol: ReceiverProtocol, read: () => readonly ResponseCount[]): void {
    this.readResponses.set(protocol, read);
  }

  /** Names what reads the ground-truth join's counts at each collection. */
  observeFeedback(read: () => FeedbackCounts | undefined): void {
    this.readFeedback = read;
  }

  /** Names what reads the webhook's counts at each collection. */
  observeWebhook(read: () => WebhookCounts): void {
    this.readWebhook = read;
  }

  /** Counts items of one request taken in (the receiver calls it once per request). */
  recordsAccepted(count: number, signal: IntakeSignal): void {
    if (count > 0) this.accepted.add(count, { 'modelwatch.signal': signal });
  }

  /** Counts items of one request rejected, as reported in its `partial_success`. */
  recordsRejected(count: number, signal: IntakeSignal): void {
    if (count > 0) this.rejected.add(count, { 'modelwatch.signal': signal });
  }

  /** Names what reads the registry's count of records processed at each collection. */
  observeProcessed(read: () => number): void {
    this.readProcessed = read;
  }

  /** Names the function that reads the intake queue's depth at each collection; a second call replaces the first. */
  observeQueueDepth(read: () => number): void {
    this.readQueueDepth = read;
  }

  /** Counted by the exporter for each published window. */
  windowClosed(evaluated: boolean): void {
    (evaluated ? this.evaluated : this.skipped).add(1);
  }

  /** Counted by the exporter for each alert raised. */
  alertRaised(kind: string): void {
    this.alerts.add(1, { 'ml.alert.kind': kind });
  }

  /** Counted for each request or span rejected for breaking `limit` (a config key: of `limits`, or a receiver bound). */
  limitBreached(limit: string): void {
    this.breaches.add(1, { 'modelwatch.limit': limit });
  }

  /** Counted by the exporters' wrappers for each failed push. */
  exportFailed(signal: ExportSignal): void {
    this.failures.add(1, { 'modelwatch.signal': signal });
  }

  /** Counted by the export queues for what they give up undelivered (log records, or metric pushes). */
  exportDropped(count: number, signal: ExportSignal): void {
    if (count > 0) this.dropped.add(count, { 'modelwatch.signal': signal });
  }

  /** Counted for each model version state handed out or taken in through the admin API. */
  stateTransferred(direction: 'export' | 'import', outcome: 'released' | 'copied' | 'created' | 'merged'): void {
    this.transfers.add(1, { 'modelwatch.transfer.direction': direction, 'modelwatch.transfer.outcome': outcome });
  }

  /** Counted for each version asked of the other replicas, by how it ended (see HandoffOutcome). */
  handoffEnded(outcome: string): void {
    this.handoffs.add(1, { 'modelwatch.handoff.outcome': outcome });
  }
}
