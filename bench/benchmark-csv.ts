import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

/**
 * Writes a reference and a current CSV of `rows` rows and 10 columns, shaped like
 * model inputs: 8 numeric columns of several distributions, written with 4 to 6
 * significant digits as exporters do, and 2 categorical ones (5 and 40 categories).
 * The current file shifts some columns so the report has drift to find.
 */
export function writeBenchmarkCsv(dir: string, rows: number): { reference: string; current: string; columns: number } {
  const reference = join(dir, 'reference.csv');
  const current = join(dir, 'current.csv');
  writeCsv(reference, rows, 11, false);
  writeCsv(current, rows, 12, true);
  return { reference, current, columns: 10 };
}

const HEADER = 'age,income,score,latency,ratio,temperature,count,balance,segment,city';

function writeCsv(path: string, rows: number, seed: number, shifted: boolean): void {
  const random = seededRandom(seed);
  const normal = () => standardNormal(random);
  const chunks: string[] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const shift = shifted ? 1 : 0;
    chunks.push([
      Math.round(18 + random() * 60 + shift * 5),
      (Math.exp(10 + normal() * 0.8) * (1 + 0.1 * shift)).toFixed(2),
      (normal() * 1.5 + 0.2 * shift).toFixed(4),
      (-Math.log(random()) * 0.05).toPrecision(4),
      random().toFixed(5),
      (15 + normal() * 8).toFixed(1),
      Math.floor(-Math.log(random()) * 3),
      (normal() * 1e4).toFixed(2),
      'ABCDE'[Math.floor(random() * (5 - shift))],
      `city${Math.floor(random() ** (1 + shift) * 40)}`,
    ].join(','));
  }
  writeFileSync(path, chunks.join('\n') + '\n');
}
