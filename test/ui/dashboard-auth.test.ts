import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';

/*
 * With tokens configured, the page (which holds no data) and Chart.js load without
 * one, and the JSON API asks for an admin token like the admin API; `ui.enabled:
 * false` serves none of it; `ui.trace_url` is checked at load.
 */
const work = mkdtempSync(join(tmpdir(), 'modelwatch-ui-auth-'));
const INGEST = 'uiINGESTuiINGESTuiINGEST';
const ADMIN = 'uiADMINuiADMINuiADMIN000';
const started: Processor[] = [];

async function serve(lines: string[]): Promise<string> {
  const processor = new Processor(parseConfig(['prometheus: { port: 0 }', ...lines].join('\n'), { name: 'test.yaml', baseDir: work }));
  started.push(processor);
  await processor.start();
  return `http://127.0.0.1:${processor.receiver.address().port}`;
}

before(() => {
  writeFileSync(join(work, 'ingest.tokens'), `sdk:${INGEST}\n`);
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN}\n`);
});

after(async () => {
  await Promise.all(started.map((p) => p.shutdown()));
  rmSync(work, { recursive: true, force: true });
});

async function status(url: string, token?: string): Promise<number> {
  const response = await fetch(url, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
  await response.arrayBuffer();
  return response.status;
}

test('with tokens: the page and Chart.js are open, the API needs an admin token', async () => {
  const base = await serve(['receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }']);
  assert.equal(await status(`${base}/ui`), 200);
  assert.equal(await status(`${base}/ui/chart.js`), 200);
  for (const path of ['/ui/api/models', '/ui/api/models/m/1', '/ui/api/models/m/1/features/x']) {
    assert.equal(await status(`${base}${path}`), 401, `${path} without a token`);
    assert.equal(await status(`${base}${path}`, INGEST), 403, `${path} with an ingest token`);
  }
  assert.equal(await status(`${base}/ui/api/models`, ADMIN), 200);
  assert.equal(await status(`${base}/ui/api/models/m/1`, ADMIN), 404, 'let in, and the version is unknown');
});

test('ui.enabled: false serves neither the page nor its API', async () => {
  const base = await serve(['receiver: { port: 0, grpc_port: 0 }', 'ui: { enabled: false }']);
  for (const path of ['/ui', '/ui/chart.js', '/ui/api/models']) assert.equal(await status(`${base}${path}`), 404, path);
});

test('ui.trace_url must be an http(s) URL with {trace_id}', () => {
  const load = (url: string) => parseConfig(`ui: { trace_url: "${url}" }`, { name: 'test.yaml', baseDir: work });
  assert.equal(load('https://jaeger.example/trace/{trace_id}').ui.trace_url, 'https://jaeger.example/trace/{trace_id}');
  assert.throws(() => load('https://jaeger.example/trace/'), /ui\.trace_url.*\{trace_id\}/s);
  assert.throws(() => load('ftp://jaeger.example/{trace_id}'), /ui\.trace_url/);
});
