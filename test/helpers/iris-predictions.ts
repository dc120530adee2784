import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './fixtures.js';

/** A row of the report fixtures' iris files: the features, the truth, and a logistic regression's prediction. */
export interface IrisRow {
  readonly features: Record<string, number>;
  readonly target: string;
  readonly prediction: string;
}

/** The rows of `test/fixtures/report/<file>` (iris-reference.csv, iris-current.csv). */
export function irisRows(file: string): IrisRow[] {
  const [header, ...lines] = readFileSync(join(fixturesDir, 'report', file), 'utf8').trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const features = Object.fromEntries(columns.slice(0, 4).map((name, i) => [name, Number(cells[i])]));
    return { features, target: cells[4], prediction: cells[5] };
  });
}
