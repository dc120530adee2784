import type { PerformanceSignals } from '../pipeline/performance-signals.js';
import type { GroundTruthJoin, WindowRows } from './ground-truth-join.js';
import { REFERENCE_WINDOW } from './joined-rows.js';
import { PerformanceEstimator } from './estimated-performance.js';
import { observedPerformance, type PerformanceMetrics } from './observed-performance.js';

export interface PerformanceTrackerOptions {
  /** The window duration (ms): a window's end is its start plus this. */
  readonly windowMs: number;
  /** Fewer labelled rows than this in a window (or the reference) give no figures: too noisy to show or alert on. */
  readonly minLabels: number;
  readonly publish: (signals: PerformanceSignals) => void;
}

/**
 * Turns what the ground-truth join changed into observed performance per window:
 * `flush` computes each updated window's metrics once, however many labels reached
 * it since the last flush, and publishes them with the reference's as the baseline.
 */
export class PerformanceTracker {
  readonly #join: GroundTruthJoin;
  readonly #options: PerformanceTrackerOptions;
  /** Per model version, the CBPE estimator and the reference labels it was fitted on (refitted when more come). */
  readonly #estimators = new Map<string, { labelled: number; estimator: PerformanceEstimator | undefined }>();

  constructor(join: GroundTruthJoin, options: PerformanceTrackerOptions) {
    this.#join = join;
    this.#options = options;
  }

  flush(): void {
    const baselines = new Map<string, PerformanceMetrics | undefined>();
    for (const window of this.#join.takeUpdated()) {
      // The reference's own rows make the baseline; they are not a window to show.
      if (window.windowStart === REFERENCE_WINDOW) continue;
      const signals = this.#signals(window, baselines);
      if (signals !== undefined) this.#options.publish(signals);
    }
  }

  /**
   * Publishes the estimated performance (CBPE) of a window that just closed, from all
   * its scored predictions, labelled or not: what a binary classifier's performance
   * probably is before its labels come. Nothing when the reference's labelled, scored
   * predictions cannot fit an estimator, or the window has fewer than `minLabels` scored predictions.
   */
  estimateWindow(model: string, version: string, windowStart: number): void {
    const rows = this.#join.windowRows(model, version, windowStart);
    if (rows === undefined || rows.outputs.scores.length < this.#options.minLabels) return;
    const estimator = this.#estimatorOf(model, version);
    if (estimator === undefined) return;
    const baseline = this.#baseline(model, version);
    this.#options.publish({
      model,
      version,
      source: 'estimated',
      windowStartUnixMs: windowStart,
      windowEndUnixMs: windowStart + this.#options.windowMs,
      metrics: estimator.estimate(rows.outputs),
      ...(baseline === undefined ? {} : { baseline }),
      labelled: rows.labelled,
      coverage: rows.coverage,
    });
  }

  /** Lets go of a deleted model version's estimator: a version made again fits its own. */
  forget(model: string, version: string): void {
    this.#estimators.delete(JSON.stringify([model, version]));
  }

  #estimatorOf(model: string, version: string): PerformanceEstimator | undefined {
    const reference = this.#join.referenceRows(model, version);
    if (reference === undefined) return undefined;
    const key = JSON.stringify([model, version]);
    let fitted = this.#estimators.get(key);
    if (fitted === undefined || fitted.labelled !== reference.labelled) {
      fitted = { labelled: reference.labelled, estimator: PerformanceEstimator.fit(reference, this.#options.minLabels) };
      this.#estimators.set(key, fitted);
    }
    return fitted.estimator;
  }

  #signals(window: WindowRows, baselines: Map<string, PerformanceMetrics | undefined>): PerformanceSignals | undefined {
    const { rows, model, version } = window;
    if (rows.labelled < this.#options.minLabels) return undefined;
    const metrics = observedPerformance(rows, rows.task);
    if (metrics === undefined) return undefined;
    const key = JSON.stringify([model, version]);
    if (!baselines.has(key)) baselines.set(key, this.#baseline(model, version));
    const baseline = baselines.get(key);
    return {
      model,
      version,
      source: 'observed',
      windowStartUnixMs: window.windowStart,
      windowEndUnixMs: window.windowStart + this.#options.windowMs,
      metrics,
      ...(baseline === undefined ? {} : { baseline }),
      labelled: rows.labelled,
      coverage: rows.coverage,
    };
  }

  #baseline(model: string, version: string): PerformanceMetrics | undefined {
    const rows = this.#join.referenceRows(model, version);
    if (rows === undefined || rows.labelled < this.#options.minLabels) return undefined;
    return observedPerformance(rows, rows.task);
  }
}
