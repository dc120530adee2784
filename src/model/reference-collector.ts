import type { FeatureValue, InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import { MAX_FEATURES } from '../extract/inference-span.js';
import { OUTPUT_FEATURES, outputColumns, PREDICTION, PREDICTION_SCORE } from './output-features.js';

/**
 * Collects the first `size` rows of a model version as its reference (§ "Reference"
 * of issue 3, default 1,000): the exact values of every feature and of the outputs,
 * aligned by row. A feature absent from some rows gets null (missing) there.
 */
export class ReferenceCollector {
  readonly #size: number;
  readonly #columns = new Map<string, FeatureValue[]>();
  #rows = 0;
  /** Input features with a column: at most #maxFeatures (see #take). */
  #inputColumns = 0;
  readonly #maxFeatures: number;

  /** @param maxFeatures input features collected (`limits.features_per_model`) */
  constructor(size: number, maxFeatures = MAX_FEATURES) {
    this.#size = size;
    this.#maxFeatures = maxFeatures;
  }

  get rows(): number {
    return this.#rows;
  }

  get complete(): boolean {
    return this.#rows >= this.#size;
  }

  /**
   * Takes rows of the batch from `fromRow` until the reference is full.
   * @returns the number of rows taken
   */
  add(batch: InferenceBatch, fromRow = 0): number {
    const take = Math.min(this.#size - this.#rows, batch.rows - fromRow);
    if (take <= 0) return 0;
    for (const [name, values] of batch.features) {
      // An input named like an output (ml.feature.ml.prediction) is shadowed by it, as in the window.
      if (!OUTPUT_FEATURES.includes(name)) this.#take(name, values, fromRow, take);
    }
    for (const [name, values] of outputColumns(batch)) this.#take(name, values, fromRow, take);
    this.#rows += take;
    for (const column of this.#columns.values()) {
      while (column.length < this.#rows) column.push(null);
    }
    return take;
  }

  #take(name: string, values: readonly FeatureValue[], fromRow: number, take: number): void {
    let column = this.#columns.get(name);
    if (column === undefined) {
      // Every column is as long as the reference, so spans that each bring new feature
      // names (found by fuzzing: 300 spans of 1,000 new names took 920 MB) would grow it
      // as names × rows. Past #maxFeatures inputs a new name is not collected; it shows
      // in the windows as a feature the reference never had.
      const input = !OUTPUT_FEATURES.includes(name);
      if (input && this.#inputColumns >= this.#maxFeatures) return;
      if (input) this.#inputColumns++;
      column = new Array<FeatureValue>(this.#rows).fill(null);
      this.#columns.set(name, column);
    }
    for (let row = fromRow; row < fromRow + take; row++) column.push(values[row] ?? null);
  }

  /** The rows collected so far, for the durable state's snapshot. */
  snapshot(): { rows: number; columns: Record<string, FeatureValue[]> } {
    return { rows: this.#rows, columns: Object.fromEntries(this.#columns) };
  }

  /** Takes back a snapshot's rows into this (empty) collector. */
  restore(snapshot: { rows: number; columns: Record<string, FeatureValue[]> }): void {
    this.#columns.clear();
    for (const [name, values] of Object.entries(snapshot.columns)) this.#columns.set(name, [...values]);
    this.#inputColumns = [...this.#columns.keys()].filter((name) => !OUTPUT_FEATURES.includes(name)).length;
    this.#rows = snapshot.rows;
  }

  /** Every column collected, features first and the outputs (§4's `ml.prediction`, `ml.prediction.score`) last. */
  columns(): Map<string, FeatureValue[]> {
    const ordered = new Map([...this.#columns].filter(([name]) => !OUTPUT_FEATURES.includes(name)));
    for (const name of OUTPUT_FEATURES) {
      const column = this.#columns.get(name);
      if (column !== undefined) ordered.set(name, column);
    }
    return ordered;
  }

  /**
   * The rows collected, as a batch of columns (features, prediction and score): what
   * an imported state of the version takes again. Their spans' identities are not
   * kept, so the batch has none.
   */
  asBatch(key: ModelKey): InferenceBatch {
    const features = new Map<string, FeatureValue[]>();
    for (const [name, values] of this.#columns) if (!OUTPUT_FEATURES.includes(name)) features.set(name, values);
    const predictions = this.#columns.get(PREDICTION);
    const scores = this.#columns.get(PREDICTION_SCORE);
    return {
      ...key, task: '', rows: this.#rows, timeUnixMs: 0, traceId: '', spanId: '',
      inferenceIds: new Array<string>(this.#rows).fill(''),
      features,
      ...(predictions === undefined ? {} : { predictions }),
      ...(scores === undefined ? {} : { scores: scores.map((score) => (typeof score === 'number' ? score : null)) }),
    };
  }
}
