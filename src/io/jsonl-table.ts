import { ModelwatchError } from '../errors.js';
import type { NumericColumn, Table, TextColumn } from './table.js';
import { NOT_A_NUMBER, parseNumberText } from './parse-number-bytes.js';
import { isMissingToken } from './missing-token.js';

/**
 * A JSON Lines file: one JSON object per non-blank line. Columns are the union of
 * the objects' keys, in order of first appearance; a key absent from a row, or
 * null, is a missing value. Numbers are numbers; strings go through the same rules
 * as CSV text; booleans are the categories "true"/"false"; objects and arrays are
 * type mismatches in a numeric column and their JSON text in a categorical one.
 */
export class JsonlTable implements Table {
  readonly columns: string[] = [];
  readonly rows: number;
  readonly #cells: unknown[][] = [];

  constructor(readonly file: string, text: string) {
    const lines = text.split('\n');
    const indexOf = new Map<string, number>();
    let rows = 0;
    for (let l = 0; l < lines.length; l++) {
      const line = l === 0 ? lines[l].replace(/^\uFEFF/, '') : lines[l];
      if (line.trim() === '') continue;
      const record = parseLine(file, line, l + 1);
      for (const [key, value] of Object.entries(record)) {
        let column = indexOf.get(key);
        if (column === undefined) {
          column = this.columns.length;
          indexOf.set(key, column);
          this.columns.push(key);
          this.#cells.push([]);
        }
        this.#cells[column][rows] = value;
      }
      rows++;
    }
    if (rows === 0) throw new ModelwatchError('MODELWATCH_ERR_FILE_EMPTY', file);
    this.rows = rows;
  }

  numeric(column: number): NumericColumn {
    const cells = this.#cells[column];
    const values = new Float64Array(this.rows).fill(NaN);
    let missing = 0;
    let mismatched = 0;
    let firstMismatchRow = -1;
    for (let row = 0; row < this.rows; row++) {
      const cell = cells[row];
      let value: number | typeof NOT_A_NUMBER | null = null;
      if (typeof cell === 'number') value = cell;
      else if (typeof cell === 'string') value = isMissingToken(cell) ? null : parseNumberText(cell);
      else if (cell !== null && cell !== undefined) value = NOT_A_NUMBER;

      if (value === null || (value !== NOT_A_NUMBER && !Number.isFinite(value))) {
        missing++;
      } else if (value === NOT_A_NUMBER) {
        mismatched++;
        if (firstMismatchRow < 0) firstMismatchRow = row;
      } else {
        values[row] = value;
      }
    }
    return { values, missing, mismatched, firstMismatchRow };
  }

  text(column: number): TextColumn {
    const cells = this.#cells[column];
    const values: (string | null)[] = new Array(this.rows);
    let missing = 0;
    for (let row = 0; row < this.rows; row++) {
      const cell = cells[row];
      const text = cell === null || cell === undefined ? null
        : typeof cell === 'string' ? cell
        : typeof cell === 'object' ? JSON.stringify(cell)
        : String(cell);
      if (text === null || isMissingToken(text)) {
        values[row] = null;
        missing++;
      } else {
        values[row] = text;
      }
    }
    return { values, missing };
  }
}

function parseLine(file: string, line: string, lineNumber: number): Record<string, unknown> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    // V8 names the offending position, except at the end of the input.
    const column = String(position ? Number(position[1]) + 1 : line.length + 1);
    throw new ModelwatchError('MODELWATCH_ERR_JSONL_SYNTAX', file, String(lineNumber), column,
      `not valid JSON (${message})`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new ModelwatchError('MODELWATCH_ERR_JSONL_SYNTAX', file, String(lineNumber), '1',
      'each line must be a JSON object of column names to values');
  }
  return record as Record<string, unknown>;
}
