import type { FeatureValue, InferenceBatch } from '../extract/inference-batch.js';
import type { Exemplar } from '../pipeline/window-signals.js';
import type { MonitoredFeature, WindowProfile } from './feature-monitor.js';
import { outputColumns } from './output-features.js';

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
    const columns = new Map<string, readonly FeatureValue[]>(batch.features);
    for (const [name, values] of outputColumns(batch)) columns.set(name, values);
    for (const [name, profile] of this.#profiles) {
      const values = columns.get(name);
      if (values === undefined) {
        for (let row = fromRow; row < batch.rows; row++) profile.add(null);
        continue;
      }
      for (let row = fromRow; row < batch.rows; row++) profile.add(values[row]);
      if (!this.#exemplars.has(name)) this.#exemplars.set(name, { traceId: batch.traceId, spanId: batch.spanId });
    }
    for (const name of columns.keys()) {
      if (!this.#profiles.has(name)) this.newFeatures.add(name);
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
