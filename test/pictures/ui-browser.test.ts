import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { launchChromium, screenshotPath } from '../helpers/browser.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { normalSample } from '../helpers/seeded-random.js';
import { weatherSpans } from '../helpers/weather-spans.js';

/*
 * The live page in headless Chromium (Debian's), every request outside loopback
 * aborted: a real processor with short windows, fed Seattle's summer against its
 * winter reference (drift), winter against winter (stable), and a 200-feature model
 * over many windows, whose page load is measured and printed (no timing asserted).
 */
const WINDOW_MS = 250;
const WIDE_FEATURES = 200;
const WIDE_WINDOWS = 40;
const DRIFTED_WIDE = 20;
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'; // encodeTracesJsonRequest's
const ADMIN = 'browserADMINbrowserADMIN';
// Browser globals, for the functions run in the page (the project's types have no DOM library). Functions, not
// strings: the page's Content-Security-Policy forbids eval, which Playwright uses for strings.
declare const document: any;
declare const sessionStorage: any;
declare const Chart: any;

const work = mkdtempSync(join(tmpdir(), 'modelwatch-ui-browser-'));
const { winter, summer } = splitSeasons(work);
const wideNames = Array.from({ length: WIDE_FEATURES }, (_, i) => `f${String(i).padStart(3, '0')}`);
let processor: Processor;
let guarded: Processor;
let base: string;
let guardedBase: string;
let browser: Browser;

function config(lines: string[]) {
  return parseConfig(['prometheus: { port: 0 }', `windows: { duration: ${WINDOW_MS}ms, min_records: 50 }`, ...lines].join('\n'), { name: 'test.yaml', baseDir: work });
}

async function post(url: string, spans: SpanAttributes[]): Promise<void> {
  const response = await fetch(`${url}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(spans), signal: AbortSignal.timeout(10_000),
  });
  assert.equal(response.status, 200);
}

/** A batch span of the wide model: `rows` rows of 200 normal features, the first DRIFTED_WIDE shifted by `shift`. */
function wideSpan(rows: number, seed: number, shift: number): SpanAttributes {
  const attributes: SpanAttributes = { 'ml.model.name': 'wide', 'ml.model.version': '1', 'ml.batch.size': rows };
  wideNames.forEach((name, i) => {
    attributes[`ml.feature.${name}`] = Array.from(normalSample(rows, seed * 1000 + i, i < DRIFTED_WIDE ? shift : 0));
  });
  return attributes;
}

before(async () => {
  const wideReference = join(work, 'wide.csv');
  const columns = wideNames.map((_, i) => normalSample(300, 7000 + i));
  writeFileSync(wideReference, [wideNames.join(','), ...Array.from({ length: 300 }, (_, r) => columns.map((c) => c[r]).join(','))].join('\n') + '\n');
  processor = new Processor(config([
    'receiver: { port: 0, grpc_port: 0 }',
    'models:',
    `  - { name: wide, reference: { file: "${wideReference}" } }`,
    `  - { name: weather, reference: { file: "${winter}" }, ignore: [date] }`,
    `  - { name: weather-stable, reference: { file: "${winter}" }, ignore: [date] }`,
    'ui: { trace_url: "https://jaeger.example/trace/{trace_id}", refresh: 1s }',
  ]));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN}\n`);
  guarded = new Processor(config([
    'receiver: { port: 0, grpc_port: 0, auth: { admin_tokens_file: admin.tokens } }',
    'models:',
    `  - { name: weather, reference: { file: "${winter}" }, ignore: [date] }`,
  ]));
  await guarded.start();
  guardedBase = `http://127.0.0.1:${guarded.receiver.address().port}`;
  browser = await launchChromium();
  // The wide model first (so it is the page's first model), one batch a window; then both seasons.
  for (let w = 0; w < WIDE_WINDOWS; w++) {
    await post(base, [wideSpan(60, w, 1)]);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  }
  await post(base, weatherSpans(summer, 'weather'));
  await post(base, weatherSpans(winter, 'weather-stable'));
  await post(guardedBase, weatherSpans(summer, 'weather'));
  await judged(base, ['wide', 'weather', 'weather-stable']);
  await judged(guardedBase, ['weather'], { authorization: `Bearer ${ADMIN}` });
});

after(async () => {
  await browser?.close();
  await processor?.shutdown();
  await guarded?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

/** Waits until each model has a judged window (through the API). */
async function judged(url: string, models: string[], headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const details = await Promise.all(models.map(async (m) => {
      const response = await fetch(`${url}/ui/api/models/${m}/1`, { headers, signal: AbortSignal.timeout(5000) });
      return response.status === 200 ? (await response.json() as { latest: unknown }).latest : null;
    }));
    if (details.every((latest) => latest !== null)) return;
    assert.ok(Date.now() < deadline, `${models.join(', ')} judged within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A page whose every request outside 127.0.0.1 is aborted (and counted), and whose console errors are kept. */
async function offlinePage(): Promise<{ context: BrowserContext; page: Page; outside: string[]; errors: string[]; urls: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const outside: string[] = [];
  const urls: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    urls.push(url);
    if (new URL(url).hostname === '127.0.0.1') return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, outside, errors, urls };
}

/** The chart's datasets and how many of its canvas's pixels are painted. */
function chartState(page: Page): Promise<{ feature: string; datasets: { label: string; data: number[] }[]; labels: string[]; painted: number }> {
  return page.evaluate(() => {
    const canvas = document.getElementById('distribution');
    const chart = Chart.getChart(canvas);
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
    return {
      feature: canvas.dataset.feature || '',
      datasets: chart ? chart.data.datasets.map((d: { label: string; data: number[] }) => ({ label: d.label, data: d.data })) : [],
      labels: chart ? chart.data.labels : [],
      painted,
    };
  });
}

/** Waits until the chart shows `feature`. */
function chartShows(page: Page, feature: string): Promise<unknown> {
  return page.waitForFunction((name) => document.getElementById('distribution').dataset.feature === name, feature, { timeout: 10_000 });
}

/** Milliseconds from navigation to the page's first full picture (its 'modelwatch-rendered' mark). */
async function renderedAt(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('modelwatch-rendered').length > 0, undefined, { timeout: 20_000 });
  return page.evaluate(() => performance.getEntriesByName('modelwatch-rendered')[0].startTime);
}

test('the live page: models, heatmap, distributions by click and keyboard, alerts with trace links; offline', async () => {
  const { context, page, outside, errors } = await offlinePage();
  try {
    await page.goto(`${base}/ui`);
    const wideMs = await renderedAt(page);
    await page.screenshot({ path: screenshotPath('ui-wide'), fullPage: false });
    const wideCells = await page.locator('#heatmap tbody td').count();
    const wideWindows = await page.locator('#heatmap thead th').count() - 1;
    assert.equal(await page.locator('#heatmap tbody tr').count(), WIDE_FEATURES);
    assert.equal(wideCells, WIDE_FEATURES * wideWindows);

    // The model list: every version with its status in words.
    const models = page.locator('button.model');
    assert.equal(await models.count(), 3);
    const listText = await page.locator('#models').innerText();
    assert.match(listText, /weather 1\n.*(drift|no verdict)/);
    assert.match(listText, /weather-stable 1\n/);

    await page.locator('button.model', { hasText: /^weather 1/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('#heatmap tbody tr').length === 5);
    await page.waitForFunction(() => /^Feature (precipitation|temp_max|temp_min|wind|weather)$/.test(document.getElementById('feature-heading').textContent));
    const windows = await page.locator('#heatmap thead th').count() - 1;
    assert.ok(windows >= 1);
    assert.equal(await page.locator('#heatmap tbody td').count(), 5 * windows);
    // temp_max drifted in the window that held the summer: its cell says D, not only red.
    const row = page.locator('#heatmap tbody tr', { has: page.locator('button.feature', { hasText: 'temp_max' }) });
    const cells = await row.locator('td').allInnerTexts();
    assert.ok(cells.includes('D'), `temp_max cells: ${cells.join(' ')}`);
    const drifted = row.locator('td.d').first();
    await drifted.hover();
    assert.match(await drifted.getAttribute('title') ?? '', /^temp_max, window .*: drifted \(/);

    // Click a feature: its distribution, reference and current, on the same bins.
    await page.locator('button.feature', { hasText: 'temp_max' }).click();
    await chartShows(page, 'temp_max');
    const tempMax = await chartState(page);
    assert.equal(tempMax.datasets.length, 2);
    assert.deepEqual(tempMax.datasets.map((d) => d.label), ['reference', 'current']);
    assert.ok(tempMax.painted > 1000, `the canvas has ${tempMax.painted} painted pixels`);
    assert.match(await page.locator('#feature-verdict').innerText(), /^Drifted in the window/);
    await page.screenshot({ path: screenshotPath('ui-weather-temp-max'), fullPage: true });

    await page.locator('button.feature', { hasText: 'wind' }).click();
    await chartShows(page, 'wind');
    const wind = await chartState(page);
    assert.equal(wind.datasets.length, 2);
    assert.notDeepEqual(wind.datasets[0].data, tempMax.datasets[0].data, 'another feature, another chart');

    // Keyboard: arrow keys move between features and select them.
    const features = await page.locator('button.feature').allInnerTexts();
    const next = features[features.indexOf('wind') + 1] ?? features[features.indexOf('wind') - 1];
    await page.locator('button.feature', { hasText: 'wind' }).focus();
    await page.keyboard.press(features.indexOf('wind') + 1 < features.length ? 'ArrowDown' : 'ArrowUp');
    await chartShows(page, next);
    assert.equal(await page.evaluate(() => document.activeElement.textContent), next);
    assert.equal(await page.locator('button.feature[aria-current="true"]').innerText(), next);
    const keyed = await chartState(page);
    assert.notDeepEqual(keyed.datasets[1].data, wind.datasets[1].data);

    // Alerts: one for temp_max, linking to its trace in the configured trace UI.
    const alert = page.locator('#alerts li.alert', { hasText: 'temp_max' }).first();
    const link = alert.locator('a.trace');
    assert.equal(await link.getAttribute('href'), `https://jaeger.example/trace/${TRACE_ID}`);
    assert.equal(await link.innerText(), `trace ${TRACE_ID}`);

    // Reloaded, the tab shows the chosen model again: the baseline of the load time, 5 features.
    await page.reload();
    const weatherMs = await renderedAt(page);
    assert.equal(await page.locator('#heatmap tbody tr').count(), 5);
    console.log(`live page load to first full picture: ${WIDE_FEATURES} features x ${wideWindows} windows ${wideMs.toFixed(0)} ms; baseline 5 features x ${windows} windows ${weatherMs.toFixed(0)} ms`);

    assert.deepEqual(outside, [], 'no request left the machine');
    assert.deepEqual(errors, [], 'no script or Content-Security-Policy error');
  } finally {
    await context.close();
  }
});

test('with tokens configured the page asks for the admin token once and sends it as a bearer header, never in the URL', async () => {
  const { context, page, outside, errors, urls } = await offlinePage();
  try {
    await page.goto(`${guardedBase}/ui`);
    await page.locator('#token-form').waitFor({ state: 'visible' });
    assert.match(await page.locator('#token-message').innerText(), /asks for an admin token/);
    await page.screenshot({ path: screenshotPath('ui-token-prompt') });
    await page.locator('#token-input').fill('not-the-token');
    await page.locator('#token-input').press('Enter');
    await page.waitForFunction(() => /not accepted/.test(document.getElementById('token-message').textContent));
    await page.locator('#token-input').fill(ADMIN);
    await page.locator('button[type="submit"]').click();
    await page.locator('button.model', { hasText: /^weather 1/ }).waitFor();
    await page.locator('#token-form').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.getElementById('distribution').dataset.feature !== undefined);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('modelwatch.adminToken')), ADMIN);
    // Once: a reload in the same tab asks no more.
    await page.reload();
    await page.locator('button.model', { hasText: /^weather 1/ }).waitFor();
    assert.equal(await page.locator('#token-form').isHidden(), true);
    await page.screenshot({ path: screenshotPath('ui-token-accepted'), fullPage: true });
    assert.ok(urls.every((url) => !url.includes(ADMIN)), 'the token is in no URL');
    assert.deepEqual(outside, []);
    // The refused API calls before the token are the browser's 401 console lines, nothing else.
    assert.deepEqual(errors.filter((e) => !/401/.test(e)), []);
  } finally {
    await context.close();
  }
});
