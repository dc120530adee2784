import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { numericBinCountsSorted } from '../../src/stats/numeric-bin-counts-sorted.js';
import { quantileEdges } from '../../src/stats/quantile-edges.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { weatherColumns, weatherSpans } from '../helpers/weather-spans.js';

/*
 * The live dashboard's JSON API on its own, against a real processor on loopback fed
 * real OTLP/JSON spans: Seattle's summer against its winter reference (drift), and
 * winter against winter (stable). The distributions are checked against the §5 bins
 * computed here from the season files with the batch report's functions.
 */
const WINDOW_MS = 1000;
const TRACE_URL = 'https://jaeger.example/trace/{trace_id}?span={span_id}';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'; // encodeTracesJsonRequest's
const work = mkdtempSync(join(tmpdir(), 'modelwatch-ui-api-'));
const { winter, summer } = splitSeasons(work);
let processor: Processor;
let base: string;

before(async () => {
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    'prometheus: { port: 0 }',
    `windows: { duration: ${WINDOW_MS}ms, min_records: 50 }`,
    'models:',
    `  - { name: weather, reference: { file: "${winter}" }, ignore: [date] }`,
    `  - { name: weather-stable, reference: { file: "${winter}" }, ignore: [date] }`,
    `ui: { trace_url: "${TRACE_URL}" }`,
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
  for (const [file, model] of [[summer, 'weather'], [winter, 'weather-stable']] as const) {
    const response = await fetch(`${base}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(weatherSpans(file, model)),
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(response.status, 200);
  }
  // Both versions judged: each sent its rows in one request, so into one window.
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { models } = await getJson('/ui/api/models') as { models: { lastWindow: unknown; status: string }[] };
    if (models.length === 2 && models.every((m) => m.status !== 'waiting')) {
      const details = await Promise.all(['weather', 'weather-stable'].map((m) => getJson(`/ui/api/models/${m}/1`) as Promise<{ latest: unknown }>));
      if (details.every((d) => d.latest !== null)) break;
    }
    assert.ok(Date.now() < deadline, 'both versions have a judged window within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});

after(async () => {
  await processor?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return response.json();
}

interface VersionJson {
  status: string;
  statusText: string;
  features: string[];
  windows: { records: number; evaluated: boolean; drifted: (boolean | null)[]; values: (number | null)[] }[];
  latest: { features: { name: string; drifted: boolean; value: number; method: string; quality: Record<string, number | null> }[] };
  alerts: { kind: string; feature: string; trace_id: string | null; span_id: string | null; trace_url: string | null; body: string }[];
  qualityThresholds: Record<string, number>;
}

test('GET /ui/api/models lists both versions with a status in words', async () => {
  const { models } = await getJson('/ui/api/models') as { models: { model: string; version: string; phase: string; status: string; statusText: string; alerts: number }[] };
  const byName = new Map(models.map((m) => [m.model, m]));
  assert.deepEqual([...byName.keys()].sort(), ['weather', 'weather-stable']);
  const drifted = byName.get('weather')!;
  assert.equal(drifted.version, '1');
  assert.equal(drifted.phase, 'monitoring');
  // A window closed after the one that took all the rows is empty: then the status says so, and gives the last verdict.
  assert.ok(['drift', 'dataset_drift', 'no_verdict'].includes(drifted.status), drifted.statusText);
  assert.match(drifted.statusText, /(dataset drift: \d|drift in \d) of 5 features/);
  assert.ok(drifted.alerts > 0, 'summer raised alerts');
});

test('GET /ui/api/models/{name}/{version}: the heatmap agrees with the last judged window, cell by cell', async () => {
  for (const model of ['weather', 'weather-stable']) {
    const data = await getJson(`/ui/api/models/${model}/1`) as VersionJson;
    assert.deepEqual([...data.features].sort(), ['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
    const judged = data.windows.filter((w) => w.evaluated);
    assert.equal(judged.length, 1, 'all rows went into one window');
    assert.equal(judged[0].records, weatherColumns(model === 'weather' ? summer : winter).get('weather')!.length);
    for (const feature of data.latest.features) {
      const i = data.features.indexOf(feature.name);
      assert.equal(judged[0].drifted[i], feature.drifted, `${model} ${feature.name}: cell and verdict agree`);
      assert.equal(judged[0].values[i], feature.value);
    }
    for (const w of data.windows.filter((x) => !x.evaluated)) assert.ok(w.drifted.every((d) => d === null), 'a window without a verdict has no cells');
  }
  const drifted = await getJson('/ui/api/models/weather/1') as VersionJson;
  const stable = await getJson('/ui/api/models/weather-stable/1') as VersionJson;
  const verdict = (data: VersionJson, name: string) => data.latest.features.find((f) => f.name === name)!.drifted;
  assert.equal(verdict(drifted, 'temp_max'), true, 'summer is warmer than winter');
  assert.equal(verdict(drifted, 'temp_min'), true);
  assert.equal(verdict(stable, 'temp_max'), false, 'winter is winter');
  assert.deepEqual(stable.qualityThresholds, { missingRatio: 0.1, typeMismatchRatio: 0.01, outOfRangeRatio: 0.1, newCategoryRatio: 0.1 });
});

test('alerts carry the configured trace link of one of their records', async () => {
  const data = await getJson('/ui/api/models/weather/1') as VersionJson;
  const alert = data.alerts.find((a) => a.kind === 'drift' && a.feature === 'temp_max');
  assert.ok(alert !== undefined, JSON.stringify(data.alerts.map((a) => a.body)));
  assert.equal(alert.trace_id, TRACE_ID);
  assert.match(alert.span_id ?? '', /^[0-9a-f]{16}$/);
  assert.equal(alert.trace_url, `https://jaeger.example/trace/${TRACE_ID}?span=${alert.span_id}`);
  assert.match(alert.body, /Feature "temp_max" of model "weather" version "1" drifted/);
});

test('a numeric feature\'s distributions are the §5 bins of the reference and of the window', async () => {
  const detail = await getJson('/ui/api/models/weather/1/features/temp_max') as {
    distribution: { kind: string; labels: string[]; edges: number[]; reference: number[]; current: number[] };
    verdict: { drifted: boolean }; windows: { drifted: boolean; quality: Record<string, number | null> }[];
  };
  const referenceValues = sortedFinite(weatherColumns(winter).get('temp_max') as number[]);
  const windowValues = sortedFinite(weatherColumns(summer).get('temp_max') as number[]);
  const edges = quantileEdges(referenceValues, 10);
  const { distribution } = detail;
  assert.equal(distribution.kind, 'numerical');
  assert.deepEqual(distribution.edges, Array.from(edges));
  assert.deepEqual(distribution.reference, Array.from(numericBinCountsSorted(referenceValues, edges)));
  assert.deepEqual(distribution.current, Array.from(numericBinCountsSorted(windowValues, edges)));
  assert.equal(distribution.labels.length, edges.length + 1);
  assert.match(distribution.labels[0], /^≤ /);
  assert.match(distribution.labels.at(-1)!, /^> /);
  assert.equal(detail.verdict.drifted, true);
  assert.equal(detail.windows.length, 1, 'one judged window of the feature');
  assert.equal(detail.windows[0].quality.missingRatio, 0);
});

test('a categorical feature\'s distributions are the counts of each category in either sample', async () => {
  const detail = await getJson('/ui/api/models/weather-stable/1/features/weather') as {
    distribution: { kind: string; labels: string[]; reference: number[]; current: number[]; pooled: number };
  };
  const counts = new Map<string, number>();
  for (const value of weatherColumns(winter).get('weather')!) counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  const categories = [...counts.keys()].sort();
  assert.deepEqual(detail.distribution, {
    kind: 'categorical', binning: 'categories', labels: categories, reference: categories.map((c) => counts.get(c)), current: categories.map((c) => counts.get(c)), pooled: 0,
  });
});

test('unknown versions, features and malformed paths are 404 with a message; the API is GET only', async () => {
  for (const path of ['/ui/api/models/nope/1', '/ui/api/models/weather/2', '/ui/api/models/weather/1/features/nope',
    '/ui/api/models/weather/1/other/temp_max', '/ui/api/models/weather', '/ui/api/models/%E0%A4%A/1']) {
    const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) });
    assert.equal(response.status, 404, path);
    const body = await response.json() as { error: string; message: string };
    assert.equal(body.error, 'MODELWATCH_ERR_NOT_FOUND', path);
  }
  const post = await fetch(`${base}/ui/api/models`, { method: 'POST', signal: AbortSignal.timeout(5000) });
  assert.equal(post.status, 405);
});

test('GET /ui is the page with no data in it, and /ui/chart.js is Chart.js, both from the processor', async () => {
  const page = await fetch(`${base}/ui`, { signal: AbortSignal.timeout(5000) });
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'.*connect-src 'self'/);
  const html = await page.text();
  assert.match(html, /<script src="\/ui\/chart\.js"><\/script>/);
  assert.doesNotMatch(html, /weather|https?:\/\//, 'no data and no address outside the processor');
  const chart = await fetch(`${base}/ui/chart.js`, { signal: AbortSignal.timeout(5000) });
  assert.equal(chart.status, 200);
  assert.match(await chart.text(), /Chart\.js v4\.6\.1/);
});
