import type { InferenceBatch } from '../extract/inference-batch.js';

/** The probabilities as the durable state's snapshot keeps them (JSON: a missing value, NaN, is null). */
export interface ProbabilityColumnsSnapshot {
  readonly classes: readonly string[];
  readonly columns: readonly (readonly (number | null)[])[];
  readonly overflowed?: boolean;
}

/**
 * Classes held per window, at most: each costs a column as long as the window's rows
 * (800 kB at 100,000 rows), so class names that vary without end must not grow it.
 */
export const MAX_CLASSES = 256;

/**
 * The per-class probabilities (`ml.prediction.proba.<class>`, CONVENTIONS.md §1) of
 * the rows a window holds, one column per class, each aligned with the window's other
 * row arrays: what multiclass performance is estimated (CBPE) and observed (ROC AUC,
 * log loss) from. A column is a plain array of doubles (8 bytes a value), NaN where a
 * row has no value for its class (no probabilities at all, or other classes). A class
 * first seen after some rows gets a column of NaN for them. A model that emits no
 * probabilities has no columns, and costs only the row count. Past MAX_CLASSES
 * classes the others are not kept, and the columns are marked `overflowed`: they no
 * longer describe whole rows (a row's probabilities would not sum to 1), so nothing
 * is computed from them.
 */
export class ProbabilityColumns {
  readonly classes: string[] = [];
  readonly columns: number[][] = [];
  /** Rows held: the length of every column. */
  rows = 0;
  /** Whether a class past MAX_CLASSES was left out. */
  overflowed = false;

  /**
   * Writes row `at`: the next row (`at === rows`) or one a reservoir replaces.
   * @param classes the classes of `values`, or null when the row has no probabilities
   * @param values `values[c]` the probability of `classes[c]`
   */
  set(at: number, classes: readonly string[] | null, values: readonly number[] | null): void {
    if (at === this.rows) this.rows++;
    for (const column of this.columns) column[at] = NaN;
    if (classes === null || values === null) return;
    for (let c = 0; c < classes.length; c++) {
      const column = this.#column(classes[c]);
      if (column !== undefined) column[at] = values[c];
    }
  }

  /** The column of each of `classes`, in their order; undefined for a class no row had. */
  columnsOf(classes: readonly string[]): (readonly number[] | undefined)[] {
    return classes.map((cls) => {
      const at = this.classes.indexOf(cls);
      return at < 0 ? undefined : this.columns[at];
    });
  }

  snapshot(): ProbabilityColumnsSnapshot | undefined {
    if (this.classes.length === 0) return undefined;
    return { classes: this.classes, columns: this.columns, ...(this.overflowed ? { overflowed: true } : {}) };
  }

  /** Takes back a snapshot (or none: a window of a model without probabilities, or an older snapshot) for `rows` rows. */
  restore(saved: ProbabilityColumnsSnapshot | undefined, rows: number): void {
    this.rows = rows;
    if (saved === undefined) return;
    this.overflowed = saved.overflowed === true;
    saved.classes.forEach((cls, c) => {
      const column = this.#column(cls);
      if (column === undefined) return;
      const values = saved.columns[c];
      // One at a time: a column holds up to 100,000 values, past what a spread call takes.
      for (let i = 0; i < rows; i++) column[i] = values[i] ?? NaN;
    });
  }

  #column(cls: string): number[] | undefined {
    const at = this.classes.indexOf(cls);
    if (at >= 0) return this.columns[at];
    if (this.classes.length >= MAX_CLASSES) {
      this.overflowed = true;
      return undefined;
    }
    const column = new Array<number>(this.rows).fill(NaN);
    this.classes.push(cls);
    this.columns.push(column);
    return column;
  }
}

/** Distinct class lists shared, at most: past it (class names that vary without end) each batch keeps its own. */
const MAX_SHARED_LISTS = 1_000;

/**
 * The class names of a batch's `ml.prediction.proba.<class>` attributes, as one array
 * shared by every prediction that names the same classes in the same order: a model's
 * spans all carry the same few, and each kept prediction holds a reference to them.
 */
export class ClassListInterner {
  readonly #lists = new Map<string, readonly string[]>();

  /** The shared list of the batch's probability classes; null when it has none. */
  classesOf(batch: InferenceBatch): readonly string[] | null {
    const probabilities = batch.probabilities;
    if (probabilities === undefined || probabilities.size === 0) return null;
    const classes = [...probabilities.keys()];
    // A class name may hold any character; JSON keeps the list unambiguous as a key.
    const key = JSON.stringify(classes);
    const shared = this.#lists.get(key);
    if (shared !== undefined) return shared;
    if (this.#lists.size < MAX_SHARED_LISTS) this.#lists.set(key, classes);
    return classes;
  }
}

/** Row `row` of a batch's probabilities, in the order of `classes` (the batch's own); NaN for a missing value. */
export function probabilityRow(batch: InferenceBatch, classes: readonly string[], row: number): number[] {
  const probabilities = batch.probabilities!;
  return classes.map((cls) => probabilities.get(cls)![row] ?? NaN);
}
