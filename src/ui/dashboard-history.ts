import type { DataQualityConfig, PerformanceConfig } from '../config/serve-config-schema.js';
import { performanceAlerts, RaisedAlerts } from '../export/performance-alerts.js';
import { windowAlerts, type Alert } from '../export/window-alerts.js';
import type { ModelKey } from '../extract/inference-batch.js';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { SignalSink, WindowSignals } from '../pipeline/window-signals.js';
import { windowRow, type WindowRow } from './window-history.js';

export interface DashboardHistoryOptions {
  /** Windows kept per model version (`ui.windows`). */
  readonly windows: number;
  /** Feature-windows kept over all versions (`ui.max_cells`); past it the oldest windows go. */
  readonly maxCells: number;
  /** Recent alerts kept (`ui.alerts`). */
  readonly alerts: number;
  /** Data-quality and performance thresholds: the alerts are the exporters' (windowAlerts, performanceAlerts). */
  readonly quality: Readonly<DataQualityConfig>;
  readonly performance: Readonly<PerformanceConfig>;
  /** The clock of the alerts' `raised` times. @default Date.now */
  readonly now?: () => number;
}

/** An alert as the dashboard lists it: when it was raised, and what it said. */
export interface RaisedAlert {
  readonly raisedUnixMs: number;
  readonly alert: Alert;
}

/** What the dashboard keeps of one model version. */
export interface VersionHistory {
  readonly key: ModelKey;
  /** Closed windows, oldest first, at most `windows`. */
  readonly rows: WindowRow[];
  /**
   * The last closed window that was judged (enough records), whole: its features'
   * details and the bins of their distributions.
   */
  latest: WindowSignals | undefined;
  /** Performance by window and source, oldest window first, at most 2 × `windows`. */
  readonly performance: Map<string, PerformanceSignals>;
}

/**
 * The live dashboard's memory (src/ui): a signal sink beside the exporters that keeps
 * each model version's last windows (verdicts, compared values, thresholds and data
 * quality per feature), its last window's signals whole (for the distributions), its
 * recent performance, and the recent alerts of all versions. Bounded: `windows` rows
 * per version, `maxCells` feature-windows over all versions (the oldest windows go
 * first), one whole window per version (whose bins are no larger than the window
 * profile the registry holds for it), `alerts` alerts. Nothing here survives a
 * restart: the alert history of the data dir does (src/store).
 */
export class DashboardHistory implements SignalSink {
  readonly #options: DashboardHistoryOptions;
  readonly #versions = new Map<string, Map<string, VersionHistory>>();
  /** Every kept row in the order it came (a row dropped by its version stays until compacted), for dropping the oldest first. */
  #order: { history: VersionHistory; row: WindowRow }[] = [];
  #orderHead = 0;
  #cells = 0;
  #liveRows = 0;
  /** Newest last. */
  readonly #alerts: RaisedAlert[] = [];
  readonly #raisedPerformance = new RaisedAlerts(10_000);
  readonly #now: () => number;

  constructor(options: DashboardHistoryOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  publish(signals: WindowSignals): void {
    const history = this.#historyOf(signals);
    // Names and methods shared with the last judged window: windows without a verdict (no features) come between.
    const row = windowRow(signals, history.rows.findLast((r) => r.features.length > 0));
    history.rows.push(row);
    if (signals.features.length > 0) history.latest = signals;
    this.#order.push({ history, row });
    this.#cells += row.features.length;
    this.#liveRows++;
    if (history.rows.length > this.#options.windows) this.#dropOldest(history);
    while (this.#cells > this.#options.maxCells && this.#liveRows > 1) this.#dropOldestOfAll();
    this.#compact();
    this.#keep(windowAlerts(signals, this.#options.quality));
  }

  publishPerformance(signals: PerformanceSignals): void {
    const { performance } = this.#historyOf(signals);
    const key = `${signals.windowStartUnixMs}:${signals.source}`;
    performance.set(key, signals);
    while (performance.size > 2 * this.#options.windows) performance.delete(performance.keys().next().value!);
    // A window's figures come again with each late label: its alert is listed once.
    this.#keep(performanceAlerts(signals, this.#options.performance).filter((alert) => this.#raisedPerformance.first(alert, signals.source)));
  }

  /** What is kept of a model version, if anything. */
  versionOf(key: ModelKey): VersionHistory | undefined {
    return this.#versions.get(key.model)?.get(key.version);
  }

  /** Recent alerts, newest first; of one version when `key` is given. */
  recentAlerts(key?: ModelKey): RaisedAlert[] {
    const out: RaisedAlert[] = [];
    for (let i = this.#alerts.length - 1; i >= 0; i--) {
      const { alert } = this.#alerts[i];
      if (key === undefined || (alert.model === key.model && alert.version === key.version)) out.push(this.#alerts[i]);
    }
    return out;
  }

  /** The data-quality alert thresholds, by ratio (the page marks the ratios above them). */
  get qualityThresholds(): Record<'missingRatio' | 'typeMismatchRatio' | 'outOfRangeRatio' | 'newCategoryRatio', number> {
    const q = this.#options.quality;
    return { missingRatio: q.missing_ratio, typeMismatchRatio: q.type_mismatch_ratio, outOfRangeRatio: q.out_of_range_ratio, newCategoryRatio: q.new_category_ratio };
  }

  /** Feature-windows kept now, over all versions. */
  get cells(): number {
    return this.#cells;
  }

  /** Forgets a model version (deleted through the admin API): its windows, performance and alerts. */
  forget(key: ModelKey): void {
    const versions = this.#versions.get(key.model);
    const history = versions?.get(key.version);
    if (versions === undefined || history === undefined) return;
    while (history.rows.length > 0) this.#dropOldest(history);
    versions.delete(key.version);
    if (versions.size === 0) this.#versions.delete(key.model);
    for (let i = this.#alerts.length - 1; i >= 0; i--) {
      const { alert } = this.#alerts[i];
      if (alert.model === key.model && alert.version === key.version) this.#alerts.splice(i, 1);
    }
    this.#compact();
  }

  #historyOf(key: ModelKey): VersionHistory {
    let versions = this.#versions.get(key.model);
    if (versions === undefined) this.#versions.set(key.model, versions = new Map());
    let history = versions.get(key.version);
    if (history === undefined) {
      history = { key: { model: key.model, version: key.version }, rows: [], latest: undefined, performance: new Map() };
      versions.set(key.version, history);
    }
    return history;
  }

  #dropOldest(history: VersionHistory): void {
    const row = history.rows.shift();
    if (row === undefined) return;
    this.#cells -= row.features.length;
    this.#liveRows--;
  }

  /** Drops the oldest row still kept by its version (rows are kept in the order they came, over all versions). */
  #dropOldestOfAll(): void {
    while (this.#orderHead < this.#order.length) {
      const { history, row } = this.#order[this.#orderHead++];
      if (history.rows[0] === row) {
        this.#dropOldest(history);
        return;
      }
    }
  }

  /** Lets go of the order's entries for rows no longer kept, once they are half of it: amortised O(1) a window. */
  #compact(): void {
    const entries = this.#order.length - this.#orderHead;
    if (entries < 64 || entries < 2 * this.#liveRows) return;
    const kept = new Set<WindowRow>();
    for (const versions of this.#versions.values()) for (const history of versions.values()) for (const row of history.rows) kept.add(row);
    this.#order = this.#order.slice(this.#orderHead).filter((entry) => kept.has(entry.row));
    this.#orderHead = 0;
  }

  #keep(alerts: readonly Alert[]): void {
    const raisedUnixMs = this.#now();
    for (const alert of alerts) this.#alerts.push({ raisedUnixMs, alert });
    const excess = this.#alerts.length - this.#options.alerts;
    if (excess > 0) this.#alerts.splice(0, excess);
  }
}
