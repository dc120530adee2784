import type { DataQualityConfig, PerformanceConfig } from '../config/serve-config-schema.js';
import { performanceAlerts } from '../export/performance-alerts.js';
import { windowAlerts, type Alert } from '../export/window-alerts.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import type { RequestJournal } from './request-journal.js';

const INSERT = `INSERT OR IGNORE INTO alert
  (raised_ms, model, version, kind, feature, method, metric, value, threshold, window_start, window_end)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Keeps every alert the processor raises in the `alert` table, beside the exporters
 * (which forget): what was raised, for which window, survives restarts. Written
 * in the journal's next commit (the writer thread is the database's only writer), not
 * as a journal entry: an alert is an outcome, not an accepted request.
 */
export class AlertHistory implements SignalSink {
  readonly #journal: RequestJournal;
  readonly #quality: Readonly<DataQualityConfig>;
  readonly #performance: Readonly<PerformanceConfig>;

  constructor(journal: RequestJournal, quality: Readonly<DataQualityConfig>, performance: Readonly<PerformanceConfig>) {
    this.#journal = journal;
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
    void this.#journal.alsoInNextCommit(alerts.map((a) => ({
      sql: INSERT,
      params: [now, a.model, a.version, a.kind, a.feature, a.method ?? null, a.metric, a.value, a.threshold, a.windowStartUnixMs, a.windowEndUnixMs],
    })));
  }
}
