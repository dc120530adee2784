import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '../../src/io/read-table.js';
import { buildReport } from '../../src/report/build-report.js';
import { reportHtml } from '../../src/report/report-html.js';
import type { PageData } from '../../src/report/html/page-data.js';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { fixturesDir } from '../helpers/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'modelwatch-html-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const seasons = splitSeasons(work);

function seattleHtml(): string {
  return reportHtml(buildReport(readTable(seasons.winter), readTable(seasons.summer), { ignore: ['date'] }));
}

/** The page's JSON, read back the way its script reads it. */
function pageJson(html: string): PageData {
  const match = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
  assert.ok(match, 'the page holds its data in a JSON script element');
  return JSON.parse(match[1]) as PageData;
}

test('the page is self-contained: no external script, style, image or font', () => {
  const html = seattleHtml();
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /@import|@font-face/i);
  // Chart.js itself is inside: its global is defined by an inline script.
  assert.match(html, /<script>[^]*Chart[^]*<\/script>/);
  assert.equal(count(html, /<script\b/g), 4, 'data, Chart.js, the chart function and the page script');
});

test('the data JSON reads back as the report: every feature, its verdict and the bins its statistics used', () => {
  const report = buildReport(readTable(seasons.winter), readTable(seasons.summer), { ignore: ['date'] });
  const data = pageJson(reportHtml(report));
  assert.deepEqual(data.features.map((f) => f.name), report.features.map((f) => f.name));
  assert.deepEqual(data.features.map((f) => f.drifted), report.features.map((f) => f.drifted));
  for (const [i, feature] of report.features.entries()) {
    assert.deepEqual(data.features[i].distribution.reference, feature.bins.reference);
    assert.deepEqual(data.features[i].distribution.current, feature.bins.current);
  }
  const verdict = data.columns.findIndex((c) => c.kind === 'verdict');
  assert.deepEqual(data.features.map((f) => f.cells[verdict].text), report.features.map((f) => (f.drifted ? 'drift' : 'no drift')));
});

test('feature names, category values and file names cannot become markup', () => {
  const name = '<img src=x onerror=alert(1)>';
  const category = '</script><script>alert(2)</script>';
  const rows = (values: string[]) => values.map((v, i) => `${i},${v}`).join('\n');
  const reference = join(work, 'ref<b>x.csv');
  const current = join(work, 'current.csv');
  writeFileSync(reference, `"${name}",colour\n${rows(['red', 'blue', category, 'red'])}\n`);
  writeFileSync(current, `"${name}",colour\n${rows([category, category, 'green', 'red'])}\n`);
  const report = buildReport(readTable(reference), readTable(current));
  const html = reportHtml(report);

  assert.ok(!html.includes('<img'), 'no img element');
  assert.ok(!html.includes('<b>x'), 'the file name is text');
  assert.ok(html.includes('ref&#60;b&#62;x.csv'));
  assert.equal(count(html, /<\/script/gi), 4, 'no value closes a script element');
  assert.equal(count(html, /<script\b/gi), 4, 'no value opens one');
  const data = pageJson(html);
  assert.deepEqual(data.features.map((f) => f.name), [name, 'colour']);
  assert.ok(data.features[1].distribution.labels.includes(category), 'the category reads back exactly');
});

test('performance figures and the confusion matrix appear when the report has targets', () => {
  const report = buildReport(
    readTable(join(fixturesDir, 'report', 'iris-reference.csv')),
    readTable(join(fixturesDir, 'report', 'iris-current.csv')),
    { target: 'target', prediction: 'prediction', score: ['proba_setosa', 'proba_versicolor', 'proba_virginica'] },
  );
  const html = reportHtml(report);
  const matrix = report.performance!.confusion_matrix as { labels: string[]; matrix: number[][] };
  const table = /<table id="confusion-matrix"[^]*?<\/table>/.exec(html)![0];
  const cells = [...table.matchAll(/<td class="number[^"]*">(\d+)<\/td>/g)].map((m) => Number(m[1]));
  assert.deepEqual(cells, matrix.matrix.flat());
  for (const label of matrix.labels) assert.equal(count(table, new RegExp(`>${label}<`, 'g')), 2, `${label} as row and column`);
  assert.match(html, /<th scope="row">accuracy<\/th><td class="number">0\.\d+<\/td>/);
  assert.doesNotMatch(seattleHtml(), /id="performance"/, 'no performance section without targets');
});

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}
