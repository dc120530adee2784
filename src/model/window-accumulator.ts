import type { FeatureValue, InferenceBatch } from '../extract/inference-batch.js';
import type { Exemplar } from '../pipeline/window-signals.js';
import type { MonitoredFeature, WindowProfile } from './feature-monitor.js';
import { outputColumns, PREDICTION, PREDICTION_SCORE } from './output-features.js';

/**
 * One open window of one model version: a profile per monitored feature, filled row
 * by row, so memory is bounded by the features, not by the traffic. A monitored
 * feature absent from a batch counts as missing on its rows.
 */
export class WindowAccumulator {
  readonly startUnixMs: number;
  readonly #profiles = new Map<string, WindowProfile>();
  readonly #exemplars = new Map<string, Exemplar>();
  /** Features the records carried that the reference never had. */
  readonly newFeatures = new Set<string>();
  #records = 0;

  constructor(monitors: ReadonlyMap<string, MonitoredFeature>, startUnixMs: number) {
    this.startUnixMs = startUnixMs;
    for (const [name, monitor] of monitors) this.#profiles.set(name, monitor.createWindow());
  }

  get records(): number {
    return this.#records;
  }

  /** Adds the batch's rows from `fromRow` on. */
  add(batch: InferenceBatch, fromRow = 0): void {
    const rows = batch.rows - fromRow;
    if (rows <= 0) return;
    // Looked up per monitored feature, not copied into one map: this runs once per span.
    let found = 0;
    for (const [name, profile] of this.#profiles) {
      const values = columnOf(batch, name);
      if (values === undefined) {
        for (let row = fromRow; row < batch.rows; row++) profile.add(null);
        continue;
      }
      found++;
      for (let row = fromRow; row < batch.rows; row++) profile.add(values[row]);
      if (!this.#exemplars.has(name)) this.#exemplars.set(name, { traceId: batch.traceId, spanId: batch.spanId });
    }
    const carried = batch.features.size + (batch.predictions === undefined ? 0 : 1) + (batch.scores === undefined ? 0 : 1);
    if (found < carried) {
      for (const [name] of [...batch.features, ...outputColumns(batch)]) {
        if (!this.#profiles.has(name)) this.newFeatures.add(name);
      }
    }
    this.#records += rows;
  }

  profile(feature: string): WindowProfile | undefined {
    return this.#profiles.get(feature);
  }

  /** The first record of the window that carried the feature, for an alert's trace link. */
  exemplar(feature: string): Exemplar | undefined {
    return this.#exemplars.get(feature);
  }
}

/** A monitored column of the batch: a feature, or one of the outputs under its §4 name. */
function columnOf(batch: InferenceBatch, name: string): readonly FeatureValue[] | undefined {
  if (name === PREDICTION) return batch.predictions;
  if (name === PREDICTION_SCORE) return batch.scores;
  return batch.features.get(name);
}
