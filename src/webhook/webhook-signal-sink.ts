import type { DataQualityConfig } from '../config/serve-config-schema.js';
import { windowAlerts } from '../export/window-alerts.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { AlertWebhook } from './alert-webhook.js';

/**
 * A SignalSink that sends each alert of a published window to the webhook: the same
 * alerts, from the same thresholds, as the exporter's `ml.alert` log records
 * (windowAlerts), so the two never disagree. Publishing only queues; delivery is in
 * the background.
 */
export class WebhookSignalSink implements SignalSink {
  readonly #webhook: AlertWebhook;
  readonly #thresholds: Readonly<DataQualityConfig>;

  constructor(webhook: AlertWebhook, thresholds: Readonly<DataQualityConfig>) {
    this.#webhook = webhook;
    this.#thresholds = thresholds;
  }

  publish(signals: WindowSignals): void {
    for (const alert of windowAlerts(signals, this.#thresholds)) this.#webhook.send(alert);
  }
}
