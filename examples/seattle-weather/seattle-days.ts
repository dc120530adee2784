import { readFileSync } from 'node:fs';
import { seattleWeatherCsvPath } from './split-seasons.js';

/** One day of Seattle's weather, as vega-datasets' seattle-weather.csv has it. */
export interface SeattleDay {
  readonly date: string;
  readonly precipitation: number;
  readonly temp_max: number;
  readonly temp_min: number;
  readonly wind: number;
  readonly weather: string;
}

/** The model's inputs, in the order of its input tensor's columns. */
export const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;
/** The model's classes, in the order of its probability outputs. */
export const WEATHER_CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'] as const;

/** Every day of 2012–2015 in date order, read from the package's data folder (its JS API downloads). */
export function seattleDays(): SeattleDay[] {
  const [header, ...lines] = readFileSync(seattleWeatherCsvPath(), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const value = (name: string) => cells[columns.indexOf(name)];
    return {
      date: value('date'),
      precipitation: Number(value('precipitation')),
      temp_max: Number(value('temp_max')),
      temp_min: Number(value('temp_min')),
      wind: Number(value('wind')),
      weather: value('weather'),
    };
  }).sort((a, b) => a.date.localeCompare(b.date));
}
