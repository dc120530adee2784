import type { SampleCell, SampleTable } from './sample-table.js';

/**
 * The table as JSON Lines: one object per record, with every column as a key (null
 * when missing), so `pandas.read_json(..., lines=True)` gives the same columns as the
 * CSV. Values keep their JSON type; NaN and infinities, which JSON cannot hold, are null.
 */
export function sampleJsonl(table: SampleTable): string {
  let text = '';
  for (const row of table.rows) {
    // No prototype: a feature named __proto__ is then a key like any other.
    const object: Record<string, SampleCell | null> = Object.create(null);
    table.columns.forEach((column, i) => { object[column] = jsonCell(row[i]); });
    text += JSON.stringify(object) + '\n';
  }
  return text;
}

function jsonCell(cell: SampleCell): SampleCell | null {
  if (cell === undefined) return null;
  return typeof cell === 'number' && !Number.isFinite(cell) ? null : cell;
}
