/**
 * Real data sets for bench/false-alarms.ts and its test, read from vega-datasets'
 * data folder (its JavaScript API downloads from the web, so it is not used).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readTable } from '../src/io/read-table.js';

/** One feature of a data set: numbers (NaN when missing) or categories (null when missing). */
export type FeatureValues = Float64Array | ReadonlyArray<string | null>;

/** Named feature columns of equal length. */
export interface DataSet {
  readonly name: string;
  readonly rows: number;
  readonly features: ReadonlyMap<string, FeatureValues>;
}

function dataFile(name: string): string {
  // The package exports only its JavaScript entry (build/index.js); data/ sits beside build/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(dirname(entry)), 'data', name);
}

/**
 * flights-200k.json: 200,000 US flights, with delay (minutes, integers, heavy ties
 * around 0), distance (miles, integers, repeated per route) and time (hour of day,
 * in minutes / 60). The file is sorted by time of day, so stationary windows are
 * drawn from a shuffle of it, not from its order.
 */
export function flights(): DataSet {
  const rows = JSON.parse(readFileSync(dataFile('flights-200k.json'), 'utf8')) as Array<Record<string, number>>;
  const column = (key: string) => Float64Array.from(rows, (row) => (typeof row[key] === 'number' ? row[key] : NaN));
  return {
    name: 'flights-200k',
    rows: rows.length,
    features: new Map([['delay', column('delay')], ['distance', column('distance')], ['time', column('time')]]),
  };
}

/** zipcodes.csv: 42,049 US zip codes, with latitude and longitude (ties within a city) and state (59 categories, some with 1 to 4 zip codes). */
export function zipcodes(): DataSet {
  const table = readTable(dataFile('zipcodes.csv'));
  const at = (name: string) => table.columns.indexOf(name);
  return {
    name: 'zipcodes',
    rows: table.rows,
    features: new Map<string, FeatureValues>([
      ['latitude', table.numeric(at('latitude')).values],
      ['longitude', table.numeric(at('longitude')).values],
      ['state', table.text(at('state')).values],
    ]),
  };
}

/** seattle-weather.csv split into winter (December to February) and summer (June to August) days, every column but the date. */
export function seattleSeasons(): { winter: DataSet; summer: DataSet } {
  const table = readTable(dataFile('seattle-weather.csv'));
  const month = table.text(table.columns.indexOf('date')).values.map((d) => Number(d!.slice(5, 7)));
  const pick = (name: string, months: ReadonlySet<number>): DataSet => {
    const rows = month.flatMap((m, i) => (months.has(m) ? [i] : []));
    const features = new Map<string, FeatureValues>();
    for (const [c, column] of table.columns.entries()) {
      if (column === 'date') continue;
      if (column === 'weather') {
        const text = table.text(c).values;
        features.set(column, rows.map((i) => text[i]));
      } else {
        const numbers = table.numeric(c).values;
        features.set(column, Float64Array.from(rows, (i) => numbers[i]));
      }
    }
    return { name, rows: rows.length, features };
  };
  return { winter: pick('seattle-weather winter', new Set([12, 1, 2])), summer: pick('seattle-weather summer', new Set([6, 7, 8])) };
}

/** The values of `column` at `rows`, in that order. */
export function pickRows(column: FeatureValues, rows: ArrayLike<number>): FeatureValues {
  if (column instanceof Float64Array) return Float64Array.from({ length: rows.length }, (_, i) => column[rows[i]]);
  return Array.from({ length: rows.length }, (_, i) => column[rows[i]]);
}
