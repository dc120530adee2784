/**
 * A data file read into columns. The report reads a whole file into memory once
 * (it must fit), then decodes each column as numbers or as text on demand, so a
 * column that is never used costs nothing beyond its raw bytes.
 */
export interface Table {
  /** The path as the user gave it, for error messages. */
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: number;
  /** The column's values as numbers; see NumericColumn for what counts as what. */
  numeric(column: number): NumericColumn;
  /** The column's values as text; null where the value is missing. */
  text(column: number): TextColumn;
}

/**
 * A column decoded as numbers. Every row is exactly one of: a finite value; missing
 * (empty, a missing-value token such as `NA`, or a non-finite number: NaN, ±Infinity);
 * or a type mismatch (a value that is not a number). `values[i]` is NaN unless row i
 * holds a finite value.
 */
export interface NumericColumn {
  readonly values: Float64Array;
  readonly missing: number;
  readonly mismatched: number;
  /** The first mismatched row's index, or -1: lets a caller name it in a message. */
  readonly firstMismatchRow: number;
}

export interface TextColumn {
  readonly values: ReadonlyArray<string | null>;
  readonly missing: number;
}
