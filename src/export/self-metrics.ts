import type { Counter, Meter, ObservableGauge } from '@opentelemetry/api';

/** Where an intake count comes from: an OTLP signal, or POST /v1/feedback. */
export type IntakeSignal = 'traces' | 'logs' | 'metrics' | 'feedback';

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
 * | `modelwatch.intake.queue_depth` | gauge | | requests waiting in or taken from the bounded intake queue |
 * | `modelwatch.windows.evaluated` | counter | | closed windows that got a verdict |
 * | `modelwatch.windows.skipped` | counter | | closed windows with too few records for one |
 * | `modelwatch.alerts` | counter | `ml.alert.kind` | alerts raised (whether or not a logs endpoint takes them) |
 * | `modelwatch.export.failures` | counter | `modelwatch.signal` (`metrics`, `logs`) | OTLP pushes that failed |
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
  private readonly queueDepth: ObservableGauge;
  private readQueueDepth?: () => number;

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
    this.queueDepth = meter.createObservableGauge('modelwatch.intake.queue_depth', {
      description: 'Requests held by the bounded intake queue',
    });
    this.queueDepth.addCallback((result) => {
      if (this.readQueueDepth !== undefined) result.observe(this.readQueueDepth());
    });
  }

  /** Counts items of one request taken in (the receiver calls it once per request). */
  recordsAccepted(count: number, signal: IntakeSignal): void {
    if (count > 0) this.accepted.add(count, { 'modelwatch.signal': signal });
  }

  /** Counts items of one request rejected, as reported in its `partial_success`. */
  recordsRejected(count: number, signal: IntakeSignal): void {
    if (count > 0) this.rejected.add(count, { 'modelwatch.signal': signal });
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

  /** Counted by the exporters' wrappers for each failed push. */
  exportFailed(signal: ExportSignal): void {
    this.failures.add(1, { 'modelwatch.signal': signal });
  }
}
