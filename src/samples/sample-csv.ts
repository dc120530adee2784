import type { SampleCell, SampleTable } from './sample-table.js';

/** A field must be quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The table as CSV (RFC 4180): a header row, CRLF line ends, fields with a comma,
 * quote or line break quoted and their quotes doubled. A missing value (and NaN) is
 * an empty field; infinities are `inf` and `-inf`, and booleans `true` and `false`,
 * which is how pandas' read_csv reads them back. Text that looks like a number or
 * like pandas' missing markers (`NA`, `null`) is read by pandas as such: the JSON
 * Lines export keeps every type.
 */
export function sampleCsv(table: SampleTable): string {
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvCell(cell: SampleCell): string {
  switch (typeof cell) {
    case 'string': return csvField(cell);
    case 'boolean': return cell ? 'true' : 'false';
    case 'number':
      if (Number.isFinite(cell)) return String(cell);
      return Number.isNaN(cell) ? '' : cell > 0 ? 'inf' : '-inf';
    default: return '';
  }
}

function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
