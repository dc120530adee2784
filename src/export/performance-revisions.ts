import { diag } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import type { CollectionResult, MetricProducer, ScopeMetrics } from '@opentelemetry/sdk-metrics';
import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import { hrTimeOf, modelKey } from './gauge-points.js';
import { addPerformancePoints, performanceGauges, type PerformancePoints } from './performance-points.js';
import { SIGNAL_SCOPE } from './signal-names.js';

/**
 * Windows of one model version kept waiting for the next push, by default: at 60 s
 * windows, 16 hours of windows all reached by labels between two pushes. Each waiting
 * window keeps its figures alive, 440 to 610 bytes of heap for a classifier's six
 * metrics and their baseline (measured with Node 20), so at most about 0.6 MB per
 * model version.
 */
export const MAX_REVISED_WINDOWS = 1_000;

/**
 * The other half of the performance gauges on the OTLP push: the new figures of
 * windows older than the one the gauges show, each sent once, as points timestamped
 * at their own window (`startTimeUnixNano` its start, `timeUnixNano` its end), so a
 * backend that keeps OTLP timestamps gets the corrected history a late label makes.
 * The latest window's points ({@link SignalMetricProducer}) start at the window's
 * start too, and end at the collection.
 *
 * Why a producer of its own, given to the push reader only: a Prometheus scrape
 * carries no timestamps, so an older window's point there would read as the present
 * and the series would flip between windows; the scrape reader gets the
 * SignalMetricProducer alone, the push reader both. Both read one state: the
 * exporter tells this producer each figure it tells the SignalMetricProducer, and
 * this one asks that one which window it shows.
 *
 * Each window published since the last collection is waiting here, whatever its
 * age: at collection a window the gauges show is left to them (their points carry
 * the same figures), and every other one becomes a point, including a window
 * superseded before any push showed its last figures. Then all are forgotten here:
 * the push's exporter keeps a request that failed and retries it (exportingApart's
 * RetryQueue, bounded by `export.queue.max_revision_pushes`). At most `maxPerVersion` windows of a model
 * version wait: past it the oldest window waiting is let go, unsent, and the next
 * collection logs how many were (the backend keeps what it had for them).
 */
export class PerformanceRevisions implements MetricProducer {
  /** Per model version, the latest figures of each window (by source and start) published since the last collection. */
  readonly #waiting = new Map<string, Map<string, PerformanceSignals>>();
  readonly #shown: (signals: PerformanceSignals) => boolean;
  readonly #maxPerVersion: number;
  readonly #made = new WeakSet<ScopeMetrics>();
  #letGo = 0;

  /**
   * @param shown whether the latest-window gauges show the window of these figures
   * @param maxPerVersion windows of one model version waiting at most
   */
  constructor(shown: (signals: PerformanceSignals) => boolean, maxPerVersion = MAX_REVISED_WINDOWS) {
    this.#shown = shown;
    this.#maxPerVersion = maxPerVersion;
  }

  /** Takes a window's figures, each time they change. */
  record(signals: PerformanceSignals): void {
    const key = modelKey(signals.model, signals.version);
    let windows = this.#waiting.get(key);
    if (windows === undefined) this.#waiting.set(key, (windows = new Map()));
    const window = `${signals.source} ${signals.windowStartUnixMs}`;
    if (!windows.has(window) && windows.size >= this.#maxPerVersion) {
      this.#letGo++;
      const [oldest, figures] = oldestOf(windows);
      // The newcomer is older than all waiting: it is the one let go.
      if (figures.windowStartUnixMs <= signals.windowStartUnixMs) windows.delete(oldest);
      else return;
    }
    windows.set(window, signals);
  }

  /** Forgets a model version's waiting windows (a retired version). */
  forget(model: string, version: string): void {
    this.#waiting.delete(modelKey(model, version));
  }

  /** True for the scope metrics this producer made: the push sends them in a request of their own (see exportingApart). */
  made(scopeMetrics: ScopeMetrics): boolean {
    return this.#made.has(scopeMetrics);
  }

  async collect(): Promise<CollectionResult> {
    const points: PerformancePoints = new Map();
    for (const windows of this.#waiting.values()) {
      for (const signals of windows.values()) {
        if (!this.#shown(signals)) addPerformancePoints(points, signals, hrTimeOf(signals.windowStartUnixMs), hrTimeOf(signals.windowEndUnixMs));
      }
    }
    this.#waiting.clear();
    if (this.#letGo > 0) {
      diag.warn(`modelwatch: ${this.#letGo} revised performance windows were not pushed: more than ${this.#maxPerVersion} windows of one model version changed between two pushes`);
      this.#letGo = 0;
    }
    const scopeMetrics: ScopeMetrics[] = points.size === 0 ? [] : [{ scope: { name: SIGNAL_SCOPE }, metrics: performanceGauges(points) }];
    for (const made of scopeMetrics) this.#made.add(made);
    // The reader replaces this resource with the MeterProvider's.
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics }, errors: [] };
  }
}

function oldestOf(windows: Map<string, PerformanceSignals>): [string, PerformanceSignals] {
  let oldest: [string, PerformanceSignals] | undefined;
  for (const entry of windows) if (oldest === undefined || entry[1].windowStartUnixMs < oldest[1].windowStartUnixMs) oldest = entry;
  return oldest!;
}
