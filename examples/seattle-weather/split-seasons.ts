/**
 * Splits vega-datasets' Seattle weather (2012–2015, one row a day) into a winter file
 * (December to February) and a summer file (June to August): two seasons of real
 * data whose drift is plain to see. Read from the package's data folder, since its
 * JavaScript API downloads from the web.
 *
 * Usage: node dist/examples/seattle-weather/split-seasons.js [OUT_DIR]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const WINTER = new Set([12, 1, 2]);
const SUMMER = new Set([6, 7, 8]);

export function seattleWeatherCsvPath(): string {
  // The package exports only its JavaScript entry (build/index.js); data/ sits beside build/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(dirname(entry)), 'data', 'seattle-weather.csv');
}

export function splitSeasons(outDir: string): { winter: string; summer: string } {
  const [header, ...rows] = readFileSync(seattleWeatherCsvPath(), 'utf8').trim().split('\n');
  const month = (row: string) => Number(row.slice(5, 7));
  const winter = join(outDir, 'winter.csv');
  const summer = join(outDir, 'summer.csv');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(winter, [header, ...rows.filter((r) => WINTER.has(month(r)))].join('\n') + '\n');
  writeFileSync(summer, [header, ...rows.filter((r) => SUMMER.has(month(r)))].join('\n') + '\n');
  return { winter, summer };
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const { winter, summer } = splitSeasons(process.argv[2] ?? 'examples/seattle-weather/out');
  process.stdout.write(`wrote ${winter} and ${summer}\n`);
}
