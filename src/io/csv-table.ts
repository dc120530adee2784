import type { NumericColumn, Table, TextColumn } from './table.js';
import { type CsvFields, fieldText, tokenizeCsv } from './csv-tokenizer.js';
import { NOT_A_NUMBER, parseNumberBytes } from './parse-number-bytes.js';
import { isMissingToken } from './missing-token.js';

/** A CSV (or TSV) file held as bytes plus field offsets; columns decode on demand. */
export class CsvTable implements Table {
  readonly columns: readonly string[];
  readonly rows: number;
  readonly #bytes: Uint8Array;
  readonly #fields: CsvFields;

  constructor(readonly file: string, bytes: Uint8Array, delimiter?: number) {
    this.#bytes = bytes;
    this.#fields = tokenizeCsv(bytes, file, delimiter);
    this.columns = this.#fields.header;
    this.rows = this.#fields.rows;
  }

  numeric(column: number): NumericColumn {
    const { starts, ends } = this.#fields;
    const width = this.columns.length;
    const bytes = this.#bytes;
    const values = new Float64Array(this.rows);
    let missing = 0;
    let mismatched = 0;
    let firstMismatchRow = -1;
    for (let row = 0, f = column; row < this.rows; row++, f += width) {
      const parsed = parseNumberBytes(bytes, starts[f], ends[f]);
      if (parsed === NOT_A_NUMBER) {
        values[row] = NaN;
        if (isMissingToken(this.#text(f))) {
          missing++;
        } else {
          mismatched++;
          if (firstMismatchRow < 0) firstMismatchRow = row;
        }
      } else if (Number.isFinite(parsed)) {
        values[row] = parsed;
      } else {
        values[row] = NaN;
        missing++;
      }
    }
    return { values, missing, mismatched, firstMismatchRow };
  }

  text(column: number): TextColumn {
    const width = this.columns.length;
    const values: (string | null)[] = new Array(this.rows);
    let missing = 0;
    for (let row = 0, f = column; row < this.rows; row++, f += width) {
      const text = this.#text(f);
      if (isMissingToken(text)) {
        values[row] = null;
        missing++;
      } else {
        values[row] = text;
      }
    }
    return { values, missing };
  }

  #text(field: number): string {
    const { starts, ends, escaped } = this.#fields;
    return fieldText(this.#bytes, starts[field], ends[field], escaped[field] === 1);
  }
}
