import type { DataQualityConfig, PerformanceConfig } from '../config/serve-config-schema.js';
import { performanceAlerts, RaisedAlerts } from '../export/performance-alerts.js';
import { windowAlerts } from '../export/window-alerts.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { AlertWebhook } from './alert-webhook.js';

/**
 * A SignalSink that sends each alert of a published window to the webhook: the same
 * alerts, from the same thresholds, as the exporter's `ml.alert` log records
 * (windowAlerts, performanceAlerts once per window and metric), so the two never
 * disagree. Publishing only queues; delivery is in the background.
 */
export class WebhookSignalSink implements SignalSink {
  readonly #webhook: AlertWebhook;
  readonly #thresholds: Readonly<DataQualityConfig>;
  readonly #performance: Readonly<PerformanceConfig> | undefined;
  readonly #raised = new RaisedAlerts();

  /** @param performance performance alert thresholds; without, no performance alert is sent */
  constructor(webhook: AlertWebhook, thresholds: Readonly<DataQualityConfig>, performance?: Readonly<PerformanceConfig>) {
    this.#webhook = webhook;
    this.#thresholds = thresholds;
    this.#performance = performance;
  }

  publish(signals: WindowSignals): void {
    for (const alert of windowAlerts(signals, this.#thresholds)) this.#webhook.send(alert);
  }

  publishPerformance(signals: PerformanceSignals): void {
    if (this.#performance === undefined) return;
    for (const alert of performanceAlerts(signals, this.#performance)) {
      if (this.#raised.first(alert, signals.source)) this.#webhook.send(alert);
    }
  }
}
