import { diag } from '@opentelemetry/api';
import type { DataQualityConfig, PerformanceConfig } from '../config/serve-config-schema.js';
import { performanceAlerts } from '../export/performance-alerts.js';
import { windowAlerts, type Alert } from '../export/window-alerts.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { SqlWrite } from './sql-write.js';

const INSERT = `INSERT OR IGNORE INTO alert
  (raised_ms, model, version, kind, feature, method, metric, value, threshold, window_start, window_end)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Keeps every alert the processor raises in the `alert` table, beside the exporters
 * (which forget): what was raised, for which window, survives restarts. Written
 * through the state's writer thread (the database's only writer), not as a journal
 * entry: an alert is an outcome, not an accepted request.
 */
export class AlertHistory implements SignalSink {
  readonly #write: (writes: readonly SqlWrite[]) => Promise<void>;
  readonly #quality: Readonly<DataQualityConfig>;
  readonly #performance: Readonly<PerformanceConfig>;

  /** @param write commits writes to the state database (DurableState.writeState) */
  constructor(write: (writes: readonly SqlWrite[]) => Promise<void>, quality: Readonly<DataQualityConfig>, performance: Readonly<PerformanceConfig>) {
    this.#write = write;
    this.#quality = quality;
    this.#performance = performance;
  }

  publish(signals: WindowSignals): void {
    this.#keep(windowAlerts(signals, this.#quality));
  }

  publishPerformance(signals: PerformanceSignals): void {
    this.#keep(performanceAlerts(signals, this.#performance));
  }

  #keep(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    const now = Date.now();
    // A refused commit loses the record of the alert, not the alert: the exporters and the webhook have it.
    this.#write(alerts.map((a) => ({
      sql: INSERT,
      params: [now, a.model, a.version, a.kind, a.feature, a.method ?? null, a.metric, a.value, a.threshold, a.windowStartUnixMs, a.windowEndUnixMs],
    }))).catch((error: unknown) => diag.error('modelwatch: keeping an alert in the state database failed', error));
  }
}
