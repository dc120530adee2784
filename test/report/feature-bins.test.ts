import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/io/read-table.js';
import { buildReport } from '../../src/report/build-report.js';
import { binnedStatistics } from '../../src/evaluate/drift/drift-statistics.js';
import { distributionData, MOST_CATEGORIES_DRAWN } from '../../src/report/html/distribution-data.js';
import { numberText } from '../../src/report/report-number-text.js';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';

const work = mkdtempSync(join(tmpdir(), 'modelwatch-bins-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const { winter, summer } = splitSeasons(work);
const seattle = buildReport(readTable(winter), readTable(summer), { ignore: ['date'] });
const feature = (name: string) => seattle.features.find((f) => f.name === name)!;

test('each feature carries the bins its binned statistics were computed on', () => {
  for (const f of seattle.features) {
    assert.deepEqual(binnedStatistics(f.bins.reference, f.bins.current), {
      psi: f.stats.psi, kl: f.stats.kl, js_distance: f.stats.js_distance, hellinger: f.stats.hellinger, tvd: f.stats.tvd,
    }, f.name);
    const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
    assert.equal(sum(f.bins.reference), seattle.reference.rows, `${f.name}: every reference value is in a bin`);
    assert.equal(sum(f.bins.current), seattle.current.rows, `${f.name}: every current value is in a bin`);
  }
  const temp = feature('temp_max').bins;
  assert.ok('edges' in temp && temp.edges.length === 9, 'ten quantile bins, nine edges');
  const weather = feature('weather').bins;
  assert.ok('categories' in weather && weather.categories.includes('sun'));
});

test('quantile bins are labelled as the intervals §5 puts a value in', () => {
  const data = distributionData(feature('temp_max'));
  const { bins } = feature('temp_max');
  assert.ok('edges' in bins);
  const edges = bins.edges.map(numberText);
  assert.equal(data.labels.length, 10);
  assert.equal(data.labels[0], `≤ ${edges[0]}`);
  assert.equal(data.labels[1], `(${edges[0]}, ${edges[1]}]`);
  assert.equal(data.labels.at(-1), `> ${edges[8]}`);
});

test('many categories are cut to the largest, the rest summed into one bar that keeps the totals', () => {
  const categories = Array.from({ length: 45 }, (_, i) => `c${String(i).padStart(2, '0')}`);
  // Category ci appears i + 1 times in the reference; the current sample favours the smallest ones.
  const reference = categories.flatMap((c, i) => Array<string>(i + 1).fill(c));
  const current = [...categories.slice(0, 3).flatMap((c) => Array<string>(200).fill(c)), ...categories];
  const referenceFile = join(work, 'many-ref.csv');
  const currentFile = join(work, 'many-cur.csv');
  writeFileSync(referenceFile, `category\n${reference.join('\n')}\n`);
  writeFileSync(currentFile, `category\n${current.join('\n')}\n`);
  const [many] = buildReport(readTable(referenceFile), readTable(currentFile)).features;
  const data = distributionData(many);
  assert.equal(data.labels.length, MOST_CATEGORIES_DRAWN + 1);
  assert.equal(data.labels.at(-1), `other (${45 - MOST_CATEGORIES_DRAWN} categories)`);
  assert.deepEqual(data.labels.slice(0, 3), ['c00', 'c01', 'c02'], 'large in the current sample: kept');
  assert.ok(data.labels.includes('c44'), 'largest in the reference: kept');
  assert.ok(!data.labels.includes('c10'), 'small in both: summed');
  const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
  assert.equal(sum(data.reference), reference.length);
  assert.equal(sum(data.current), current.length);
});

test('a numeric column of few values is drawn as its values, in numeric order', () => {
  const referenceFile = join(work, 'few-ref.csv');
  const currentFile = join(work, 'few-cur.csv');
  writeFileSync(referenceFile, `rooms\n${[1, 2, 10, 2, 1, 10, 3].join('\n')}\n`);
  writeFileSync(currentFile, `rooms\n${[10, 10, 2, 3].join('\n')}\n`);
  const [rooms] = buildReport(readTable(referenceFile), readTable(currentFile)).features;
  assert.equal(rooms.type, 'numerical');
  assert.deepEqual(distributionData(rooms).labels, ['1', '2', '3', '10']);
});
