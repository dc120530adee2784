import { readFileSync } from 'node:fs';
import type { SpanAttributes } from './otlp-json-request.js';

/** Numeric columns of vega-datasets' Seattle weather (the `weather` column is a category; `date` is left out). */
export const WEATHER_NUMBERS = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;

/** A season file of splitSeasons as columns: the four numbers and the weather category. */
export function weatherColumns(path: string): Map<string, (number | string)[]> {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  const columns = new Map<string, (number | string)[]>();
  for (const name of names) if (name !== 'date') columns.set(name, []);
  for (const row of rows) {
    row.split(',').forEach((value, i) => {
      const name = names[i];
      if (name !== 'date') columns.get(name)!.push(name === 'weather' ? value : Number(value));
    });
  }
  return columns;
}

/** One single-row inference span per row of a season file, for `model`. */
export function weatherSpans(path: string, model: string): SpanAttributes[] {
  const columns = weatherColumns(path);
  const rows = columns.get('weather')!.length;
  return Array.from({ length: rows }, (_, r) => {
    const attributes: SpanAttributes = { 'ml.model.name': model, 'ml.model.version': '1' };
    for (const [name, values] of columns) attributes[`ml.feature.${name}`] = values[r];
    return attributes;
  });
}
