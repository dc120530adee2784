import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { Processor } from '../../src/serve/processor.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

/**
 * `modelwatch serve` with receiver.auth: ingest tokens from a file and from the
 * environment, admin tokens from a file; each real route asks for its role.
 */
const work = mkdtempSync(join(tmpdir(), 'modelwatch-auth-'));
const FILE_INGEST = 'fileINGESTfileINGEST00';
const ENV_INGEST = 'envINGESTenvINGEST0000';
const ADMIN = 'fileADMINfileADMIN0000';
let processor: Processor;
let base: string;

before(async () => {
  writeFileSync(join(work, 'ingest.tokens'), `# ingest\ncollector:${FILE_INGEST}\n`);
  writeFileSync(join(work, 'admin.tokens'), `ops:${ADMIN}\n`);
  process.env.MODELWATCH_E2E_INGEST_TOKENS = `sdk:${ENV_INGEST}`;
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens, tokens_env: MODELWATCH_E2E_INGEST_TOKENS, admin_tokens_file: admin.tokens } }',
    'prometheus: { port: 0 }', 'reference: { size: 3 }',
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
});

after(async () => {
  await processor.shutdown();
  rmSync(work, { recursive: true, force: true });
});

async function call(method: string, path: string, token?: string, body?: string): Promise<number> {
  const response = await fetch(`${base}${path}`, {
    method, body, signal: AbortSignal.timeout(5000),
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
  await response.arrayBuffer();
  return response.status;
}

test('OTLP and /v1/feedback take either ingest token, and refuse none or an admin one', async () => {
  const traces = encodeTracesJsonRequest([{ 'ml.model.name': 'churn', 'ml.feature.x': 1 }]);
  const feedback = JSON.stringify([{ 'ml.model.name': 'churn', 'ml.inference.id': 'a', 'ml.label': 1 }]);
  assert.deepEqual(
    [await call('POST', '/v1/traces', FILE_INGEST, traces), await call('POST', '/v1/traces', ENV_INGEST, traces),
      await call('POST', '/v1/traces', undefined, traces), await call('POST', '/v1/traces', ADMIN, traces)],
    [200, 200, 401, 403]);
  assert.deepEqual(
    [await call('POST', '/v1/feedback', ENV_INGEST, feedback), await call('POST', '/v1/feedback', undefined, feedback)],
    [200, 401]);
});

test('the admin API and the samples: 401 without a token or with an unknown one, 403 with an ingest token, admin token in', async () => {
  const paths: Array<[string, string, number]> = [
    ['GET', '/admin/models', 200],
    ['GET', '/admin/state', 200],
    ['DELETE', '/admin/reference?model=nobody', 200],
    ['GET', '/v1/models/churn/unversioned/samples', 200],
  ];
  for (const [method, path, admitted] of paths) {
    assert.equal(await call(method, path), 401, `${method} ${path} without a token`);
    assert.equal(await call(method, path, 'notAtokenNOTatoken0000'), 401, `${method} ${path} with an unknown token`);
    assert.equal(await call(method, path, FILE_INGEST), 403, `${method} ${path} with an ingest token`);
    assert.equal(await call(method, path, ADMIN), admitted, `${method} ${path} with the admin token`);
  }
});

test('a token file gone by startup stops the processor before it opens anything', () => {
  const config = parseConfig('receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens } }\nprometheus: { port: 0 }', { name: 'test.yaml', baseDir: work });
  rmSync(join(work, 'ingest.tokens'));
  try {
    assert.throws(() => new Processor(config), (error: unknown) => error instanceof ConfigError
      && error.problems.length === 1 && error.problems[0].path === 'receiver.auth.tokens_file' && /ENOENT/.test(error.problems[0].message));
  } finally {
    writeFileSync(join(work, 'ingest.tokens'), `collector:${FILE_INGEST}\n`);
  }
});

test('receiver.tls: modelwatch serve over mutual TLS, with the token on top', async () => {
  const tls = join(fixturesDir, 'tls');
  const served = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: 0, auth: { tokens_file: ingest.tokens }, tls: { cert_file: ${join(tls, 'server.pem')}, key_file: ${join(tls, 'server-key.pem')}, client_ca_file: ${join(tls, 'ca.pem')} } }`,
    'prometheus: { port: 0 }',
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await served.start();
  try {
    const status = (token?: string) => new Promise<number>((resolve, reject) => {
      const body = encodeTracesJsonRequest([{ 'ml.model.name': 'churn', 'ml.feature.x': 1 }]);
      const req = httpsRequest(`https://127.0.0.1:${served.receiver.address().port}/v1/traces`, {
        method: 'POST', agent: false, timeout: 5000,
        ca: readFileSync(join(tls, 'ca.pem')), cert: readFileSync(join(tls, 'client.pem')), key: readFileSync(join(tls, 'client-key.pem')),
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.deepEqual([await status(FILE_INGEST), await status()], [200, 401]);
  } finally {
    await served.shutdown();
  }
});
