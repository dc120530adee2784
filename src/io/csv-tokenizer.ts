import { ModelwatchError } from '../errors.js';

/**
 * Where every field of an RFC 4180 CSV file sits in its bytes: the structure only,
 * no values yet. Field f of data row r is at index r * columns.length + f of
 * `starts`/`ends` (quotes excluded). `escaped` marks quoted fields that contain a
 * doubled quote and so need unescaping when read as text.
 */
export interface CsvFields {
  readonly header: string[];
  readonly rows: number;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly escaped: Uint8Array;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Splits CSV bytes into fields. Rules: the first non-blank line is the header; blank
 * lines are skipped; CRLF and LF both end a row; a field may be quoted with `"`,
 * inside which delimiters and newlines are data and `""` is a quote. A row with a
 * different number of fields from the header is an error naming its line.
 *
 * @throws ModelwatchError MODELWATCH_ERR_FILE_EMPTY, _RAGGED_ROW, _CSV_SYNTAX, _DUPLICATE_COLUMN
 */
export function tokenizeCsv(bytes: Uint8Array, file: string, delimiter = 0x2c): CsvFields {
  if (bytes.length >= 2 ** 32) {
    throw new ModelwatchError('MODELWATCH_ERR_FILE_UNREADABLE', file, 'files of 4 GiB or more are not supported');
  }
  let pos = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  let line = 1;
  let capacity = 1024;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let escaped = new Uint8Array(capacity);
  let fields = 0;
  let width = -1;
  let rows = 0;
  const end = bytes.length;

  while (pos < end) {
    // Skip blank lines between rows.
    if (bytes[pos] === LF) { pos++; line++; continue; }
    if (bytes[pos] === CR && (pos + 1 === end || bytes[pos + 1] === LF)) { pos++; continue; }

    const rowLine = line;
    const rowStart = fields;
    for (;;) {
      if (fields === capacity) {
        capacity *= 2;
        starts = grow(starts, capacity);
        ends = grow(ends, capacity);
        escaped = grow(escaped, capacity);
      }
      if (pos < end && bytes[pos] === QUOTE) {
        const fieldStart = ++pos;
        let hasEscape = 0;
        for (;;) {
          if (pos >= end) {
            throw new ModelwatchError('MODELWATCH_ERR_CSV_SYNTAX', file, String(rowLine),
              String(fields - rowStart + 1), 'a quoted field is never closed');
          }
          const b = bytes[pos];
          if (b === QUOTE) {
            if (bytes[pos + 1] === QUOTE) { hasEscape = 1; pos += 2; continue; }
            break;
          }
          if (b === LF) line++;
          pos++;
        }
        starts[fields] = fieldStart;
        ends[fields] = pos;
        escaped[fields] = hasEscape;
        pos++;
        const after = bytes[pos];
        if (pos < end && after !== delimiter && after !== LF && after !== CR) {
          throw new ModelwatchError('MODELWATCH_ERR_CSV_SYNTAX', file, String(line),
            String(fields - rowStart + 1), `unexpected ${JSON.stringify(String.fromCharCode(after))} after a closing quote`);
        }
      } else {
        starts[fields] = pos;
        while (pos < end) {
          const b = bytes[pos];
          if (b === delimiter || b === LF) break;
          if (b === CR && (pos + 1 === end || bytes[pos + 1] === LF)) break;
          pos++;
        }
        ends[fields] = pos;
        escaped[fields] = 0;
      }
      fields++;
      if (pos < end && bytes[pos] === delimiter) { pos++; continue; }
      if (pos < end && bytes[pos] === CR) pos++;
      if (pos < end && bytes[pos] === LF) { pos++; line++; }
      break;
    }

    const found = fields - rowStart;
    if (width === -1) {
      width = found;
    } else {
      if (found !== width) {
        throw new ModelwatchError('MODELWATCH_ERR_RAGGED_ROW', file, String(rowLine), String(found), String(width));
      }
      rows++;
    }
  }

  if (width === -1) throw new ModelwatchError('MODELWATCH_ERR_FILE_EMPTY', file);
  const header: string[] = [];
  for (let f = 0; f < width; f++) {
    const name = fieldText(bytes, starts[f], ends[f], escaped[f] === 1).trim();
    if (header.includes(name)) throw new ModelwatchError('MODELWATCH_ERR_DUPLICATE_COLUMN', file, name);
    header.push(name);
  }
  if (rows === 0) throw new ModelwatchError('MODELWATCH_ERR_FILE_EMPTY', file);
  return {
    header,
    rows,
    starts: starts.subarray(width, fields),
    ends: ends.subarray(width, fields),
    escaped: escaped.subarray(width, fields),
  };
}

/** A field's bytes as a string, with `""` turned back into `"` where the field had them. */
export function fieldText(bytes: Uint8Array, start: number, end: number, hasEscape: boolean): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  return hasEscape ? text.replaceAll('""', '"') : text;
}

function grow<T extends Uint32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
