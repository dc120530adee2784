import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { splitSeasons } from '../../examples/seattle-weather/split-seasons.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { freePort } from '../helpers/free-port.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';

/*
 * A reference named in the config, as a data file and as a profile saved by
 * `modelwatch profile`: monitoring starts with the first record, and Seattle's
 * summer drifts from its winter reference.
 */
const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const WINDOW_MS = 500;
const work = mkdtempSync(join(tmpdir(), 'modelwatch-configured-'));
const { winter, summer } = splitSeasons(work);
const profile = join(work, 'winter-profile.json');
let processor: Processor;
let prometheusPort: number;

before(async () => {
  const saved = spawnSync(process.execPath, [cli, 'profile', winter, '--out', profile, '--ignore', 'date'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(saved.status, 0, saved.stderr);
  assert.match(saved.stderr, /modelwatch profile: 5 features of 361 rows written to /);
  prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    `prometheus: { port: ${prometheusPort} }`,
    `windows: { duration: ${WINDOW_MS}ms, min_records: 100 }`,
    'models:',
    `  - { name: weather-file, reference: { file: "${winter}" }, ignore: [date] }`,
    `  - { name: weather-profile, reference: { profile: "${profile}" } }`,
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
});

after(async () => {
  await processor?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

function summerSpans(model: string): SpanAttributes[] {
  const [header, ...rows] = readFileSync(summer, 'utf8').trim().split('\n');
  const columns = header.split(',');
  return rows.map((row) => {
    const attributes: SpanAttributes = { 'ml.model.name': model };
    row.split(',').forEach((value, i) => {
      if (columns[i] !== 'date') attributes[`ml.feature.${columns[i]}`] = columns[i] === 'weather' ? value : Number(value);
    });
    return attributes;
  });
}

for (const model of ['weather-file', 'weather-profile']) {
  test(`${model}: a configured reference is monitored from the first record`, async () => {
    const response = await fetch(`http://127.0.0.1:${processor.receiver.address().port}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(summerSpans(model)),
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(response.status, 200);
    const deadline = Date.now() + 10_000;
    let detected = new Map<string, number>();
    while (Date.now() < deadline && detected.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      const { samples } = parsePrometheusText((await scrape(`http://127.0.0.1:${prometheusPort}/metrics`)).text);
      detected = new Map(samples.filter((s) => s.name === 'ml_drift_detected' && s.labels.ml_model_name === model)
        .map((s) => [s.labels.ml_feature_name, s.value]));
    }
    assert.deepEqual([...detected.keys()].sort(), ['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
    assert.equal(detected.get('temp_max'), 1, 'summer is warmer than winter');
    assert.equal(detected.get('temp_min'), 1);
  });
}
