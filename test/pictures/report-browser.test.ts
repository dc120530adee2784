import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { launchChromium, screenshotPath } from '../helpers/browser.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** The page functions below run in the browser; the project compiles without the DOM library, so they see it untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'modelwatch-report-browser-'));
const { winter, summer } = splitSeasons(work);
const iris = (file: string) => join(fixturesDir, 'report', file);
const irisArgs = ['--reference', iris('iris-reference.csv'), '--current', iris('iris-current.csv'), '--target', 'target',
  '--prediction', 'prediction', '--score', 'proba_setosa,proba_versicolor,proba_virginica'];

let browser: Browser;
before(async () => { browser = await launchChromium(); });
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the real CLI; returns the file it wrote with --out. */
function modelwatchReport(name: string, ...args: string[]): string {
  const out = join(work, name);
  const run = spawnSync(process.execPath, [cli, 'report', ...args, '--out', out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  return out;
}

interface OpenPage {
  readonly page: Page;
  /** Every URL the page asked for, and every script error or dialog. */
  readonly requests: string[];
  readonly problems: string[];
}

/** Opens a report file with the network cut: offline, and anything but the file itself aborted. */
async function openReport(file: string): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, offline: true });
  await context.route(/^(?!file:)/, (route) => route.abort());
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, problems };
}

/** The shown chart: its heading, its series and how many of its pixels each series' colour covers. */
async function shownChart(page: Page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('distribution-chart');
    const chart = (globalThis as unknown as { Chart: { getChart(c: unknown): { data: { labels: string[]; datasets: { label: string }[] } } } })
      .Chart.getChart(canvas);
    const pixels: Uint8ClampedArray = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let current = 0;
    let reference = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a === 0) continue;
      if (r > g + 60 && r > b + 100) current++;
      else if (b > r + 30) reference++;
    }
    return {
      name: document.getElementById('distribution-name').textContent as string,
      series: chart.data.datasets.map((d) => d.label),
      labels: chart.data.labels,
      pixels: { reference, current },
    };
  });
}

function assertDrawn(chart: Awaited<ReturnType<typeof shownChart>>, name: string): void {
  assert.equal(chart.name, name);
  assert.deepEqual(chart.series, ['reference', 'current']);
  assert.ok(chart.pixels.current > 200, `${name}: current bars drawn (${chart.pixels.current} pixels)`);
  assert.ok(chart.pixels.reference > 200, `${name}: reference bars drawn (${chart.pixels.reference} pixels)`);
}

test('the Seattle report draws offline, shows a clicked feature and is keyboard operable', { timeout: 120_000 }, async () => {
  const file = modelwatchReport('seattle.html', '--reference', winter, '--current', summer, '--ignore', 'date', '--format', 'html');
  const { page, requests, problems } = await openReport(file);
  assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), [], 'nothing but the file was asked for');

  assert.equal(await page.locator('#summary .verdict').textContent(), 'detected');
  assert.deepEqual(await page.locator('#features button.feature').allTextContents(),
    ['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
  assert.deepEqual(await page.locator('#features .verdict').allTextContents(), Array(5).fill('drift'));
  assertDrawn(await shownChart(page), 'precipitation');
  await page.screenshot({ path: screenshotPath('report-seattle'), fullPage: true });

  await page.getByRole('button', { name: 'weather', exact: true }).click();
  const weather = await shownChart(page);
  assertDrawn(weather, 'weather');
  assert.deepEqual(weather.labels, ['drizzle', 'fog', 'rain', 'snow', 'sun']);
  assert.equal(await page.locator('#distribution-bins tbody tr').count(), 5);
  await page.screenshot({ path: screenshotPath('report-seattle-weather'), fullPage: true });

  // Keyboard only: Tab to a feature's name, Enter shows it; arrows move between names.
  await page.locator('body').focus();
  let focused = '';
  for (let presses = 0; presses < 40 && focused !== 'wind'; presses++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement?.matches('button.feature') ? document.activeElement.textContent as string : ''));
  }
  assert.equal(focused, 'wind', 'Tab reaches the feature names');
  await page.keyboard.press('Enter');
  assertDrawn(await shownChart(page), 'wind');
  assert.equal(await page.getByRole('button', { name: 'wind', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  assertDrawn(await shownChart(page), 'temp_min');

  // Sorting from a header button, by keyboard too: score ascending, then descending.
  const scores = async () => (await page.locator('#features tbody tr td:nth-child(4)').allTextContents()).map(Number);
  await page.getByRole('button', { name: 'score', exact: true }).focus();
  await page.keyboard.press('Enter');
  const ascending = await scores();
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  assert.equal(await page.locator('th[aria-sort]').count(), 1);
  assert.equal(await page.locator('th[aria-sort="ascending"]').textContent(), 'score');
  await page.keyboard.press('Enter');
  assert.deepEqual(await scores(), [...ascending].reverse());
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'score');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the iris report shows performance and the confusion matrix of the JSON report', { timeout: 60_000 }, async () => {
  const file = modelwatchReport('iris.html', ...irisArgs, '--format', 'html');
  const json = JSON.parse(readFileSync(modelwatchReport('iris.json', ...irisArgs), 'utf8'));
  const { page, problems } = await openReport(file);
  const { labels, matrix } = json.performance.confusion_matrix as { labels: string[]; matrix: number[][] };
  const table = page.locator('#confusion-matrix');
  assert.deepEqual(await table.locator('thead th').allTextContents(), ['actual \\ predicted', ...labels]);
  assert.deepEqual(await table.locator('tbody th').allTextContents(), labels);
  assert.deepEqual((await table.locator('tbody td').allTextContents()).map(Number), matrix.flat());
  const accuracy = await page.locator('#metrics tr', { has: page.locator('th', { hasText: /^accuracy$/ }) }).locator('td').textContent();
  assert.equal(Number(accuracy), Number(json.performance.accuracy.toPrecision(4)));
  assertDrawn(await shownChart(page), json.features.find((f: { drifted: boolean }) => f.drifted)?.name ?? 'sepal_length');
  await page.locator('#performance').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('report-iris'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a hostile feature name and category stay text in the browser', { timeout: 60_000 }, async () => {
  const name = '<img src=x onerror=alert(1)>';
  const category = '</script><script>alert(2)</script>';
  const reference = join(work, 'hostile-ref.csv');
  const current = join(work, 'hostile-cur.csv');
  writeFileSync(reference, `"${name}",colour\n1,red\n2,"${category}"\n3,blue\n`);
  writeFileSync(current, `"${name}",colour\n5,"${category}"\n6,"${category}"\n7,red\n`);
  const { page, problems } = await openReport(modelwatchReport('hostile.html', '--reference', reference, '--current', current, '--format', 'html'));
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(await page.locator('#features button.feature').allTextContents(), [name, 'colour']);
  await page.getByRole('button', { name: 'colour', exact: true }).click();
  assert.ok((await shownChart(page)).labels.includes(category));
  assert.deepEqual(problems, [], 'no script ran from the data');
  await page.context().close();
});

/** 200 numeric columns of 1,000 rows; every fourth shifted in the current file. */
function syntheticFiles(features: number): { reference: string; current: string } {
  const random = seededRandom(8);
  const header = Array.from({ length: features }, (_, j) => `feature_${String(j).padStart(3, '0')}`).join(',');
  const rows = (shift: number) => Array.from({ length: 1000 }, () =>
    Array.from({ length: features }, (_, j) => (random() * 10 + (j % 4 === 0 ? shift : 0)).toFixed(3)).join(','));
  const reference = join(work, `wide-${features}-ref.csv`);
  const current = join(work, `wide-${features}-cur.csv`);
  writeFileSync(reference, [header, ...rows(0)].join('\n') + '\n');
  writeFileSync(current, [header, ...rows(3)].join('\n') + '\n');
  return { reference, current };
}

interface LoadTimes { domContentLoaded: number; load: number; firstChart: number }

async function loadTimes(file: string): Promise<LoadTimes> {
  const { page, problems } = await openReport(file);
  const times = await page.evaluate(() => {
    const timing = performance as unknown as { getEntriesByType(type: string): { domContentLoadedEventEnd: number; loadEventEnd: number }[] };
    const navigation = timing.getEntriesByType('navigation')[0];
    return {
      domContentLoaded: navigation.domContentLoadedEventEnd,
      load: navigation.loadEventEnd,
      firstChart: performance.getEntriesByName('modelwatch:first-chart')[0].startTime,
    };
  });
  assert.deepEqual(problems, []);
  await page.context().close();
  return times;
}

test('a 200-feature report loads with one chart drawn (load time printed, not asserted)', { timeout: 120_000 }, async (t) => {
  const wide = syntheticFiles(200);
  const files = ['--reference', wide.reference, '--current', wide.current];
  const file = modelwatchReport('wide.html', ...files, '--format', 'html');
  const json = JSON.parse(readFileSync(modelwatchReport('wide.json', ...files), 'utf8'));
  const { page, problems } = await openReport(file);
  assert.equal(await page.locator('#features tbody tr').count(), 200);
  assert.deepEqual(await page.locator('#features tr.drifted button.feature').allTextContents(),
    json.features.filter((f: { drifted: boolean }) => f.drifted).map((f: { name: string }) => f.name));
  assertDrawn(await shownChart(page), 'feature_000');
  await page.getByRole('button', { name: 'feature_199', exact: true }).click();
  assertDrawn(await shownChart(page), 'feature_199');
  await page.screenshot({ path: screenshotPath('report-200-features') });
  assert.deepEqual(problems, []);
  await page.context().close();

  // Baseline in the same run: the 5-feature Seattle report, loads of the two taken in turn so both see the same
  // machine. Median of 7 loads each, in ms since navigation start.
  const seattle = modelwatchReport('seattle-timed.html', '--reference', winter, '--current', summer, '--ignore', 'date', '--format', 'html');
  const pages = [['200 features', file], ['5 features (Seattle, baseline)', seattle]] as const;
  const runs: LoadTimes[][] = pages.map(() => []);
  for (let i = 0; i < 7; i++) {
    for (const [p, [, path]] of pages.entries()) runs[p].push(await loadTimes(path));
  }
  for (const [p, [label, path]] of pages.entries()) {
    const median = (key: keyof LoadTimes) => runs[p].map((r) => r[key]).sort((a, b) => a - b)[3].toFixed(0);
    t.diagnostic(`${label} (${(statSync(path).size / 1024).toFixed(0)} KiB): DOMContentLoaded ${median('domContentLoaded')} ms, ` +
      `load ${median('load')} ms, first chart ${median('firstChart')} ms (median of 7)`);
  }
});
