import type { Database, Statement } from 'better-sqlite3';
import type { DataQualityConfig, PerformanceConfig } from '../config/serve-config-schema.js';
import { performanceAlerts } from '../export/performance-alerts.js';
import { windowAlerts, type Alert } from '../export/window-alerts.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';

/**
 * Keeps every alert the processor raises in the `alert` table, beside the exporters
 * (which forget): what was raised, for which window, survives restarts. Written
 * directly, not through the journal: an alert is an outcome, not an accepted request.
 */
export class AlertHistory implements SignalSink {
  readonly #insert: Statement;
  readonly #quality: Readonly<DataQualityConfig>;
  readonly #performance: Readonly<PerformanceConfig>;

  constructor(db: Database, quality: Readonly<DataQualityConfig>, performance: Readonly<PerformanceConfig>) {
    this.#insert = db.prepare(`INSERT OR IGNORE INTO alert
      (raised_ms, model, version, kind, feature, method, metric, value, threshold, window_start, window_end)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
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
    const now = Date.now();
    for (const a of alerts) {
      this.#insert.run(now, a.model, a.version, a.kind, a.feature, a.method ?? null, a.metric, a.value, a.threshold, a.windowStartUnixMs, a.windowEndUnixMs);
    }
  }
}
