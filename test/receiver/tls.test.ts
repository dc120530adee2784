import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parseAccessTokens } from '../../src/auth/access-tokens.js';
import { BearerAuth } from '../../src/auth/bearer-auth.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { sdkSpansOfEveryType } from '../otlp/sdk-telemetry.js';
import { send } from './http-client.js';
import { runningReceiver } from './running-receiver.js';

/** Test certificates made by test/fixtures/tls/generate.sh. */
const pem = (name: string) => readFileSync(join(fixturesDir, 'tls', `${name}.pem`));
const SERVER = { cert: pem('server'), key: pem('server-key') };
const traces = encodeTracesJsonRequest([{ 'ml.model.name': 'churn', 'ml.feature.x': 1 }]);

/** One HTTPS POST of `traces`, trusting the test CA, with a client certificate when given. */
function post(url: string, client?: { cert: Buffer; key: Buffer }, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ca: pem('ca'), agent: false, timeout: 5000, ...client,
      headers: { 'content-type': 'application/json', 'content-length': traces.length, ...headers },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(traces);
  });
}

test('with a certificate the receiver speaks HTTPS, and a plain HTTP request gets no OTLP answer', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t, { tls: SERVER });
  const https = baseUrl.replace('http:', 'https:');
  assert.equal(await post(`${https}/v1/traces`), 200);
  assert.equal(consumer.traces.length, 1);
  await assert.rejects(() => new Promise<void>((resolve, reject) => {
    const req = request(`${https}/v1/traces`, { method: 'POST', agent: false, timeout: 5000 }, () => resolve());
    req.on('error', reject);
    req.end(traces);
  }), /self-signed|unable to verify|certificate/i, 'a client that does not trust the CA refuses the server');
  await assert.rejects(() => send(`${baseUrl}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: traces, timeoutMs: 2000 }));
  assert.equal(consumer.traces.length, 1);
});

test('mutual TLS: a client certificate from the configured CA gets in; none, or one from another CA, fails the handshake', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t, { tls: { ...SERVER, clientCa: pem('ca') } });
  const url = `${baseUrl.replace('http:', 'https:')}/v1/traces`;
  assert.equal(await post(url, { cert: pem('client'), key: pem('client-key') }), 200);
  await assert.rejects(() => post(url), (error: NodeJS.ErrnoException) => /certificate|socket hang up|ECONNRESET/i.test(`${error.code} ${error.message}`));
  await assert.rejects(() => post(url, { cert: pem('stranger'), key: pem('stranger-key') }),
    (error: NodeJS.ErrnoException) => /certificate|unknown ca|socket hang up|ECONNRESET/i.test(`${error.code} ${error.message}`));
  assert.equal(consumer.traces.length, 1, 'only the trusted client\'s request arrived');
});

test('the SDK exporter over mutual TLS with a bearer token, as a production service would send', async (t) => {
  const token = 'tlsTOKENtlsTOKEN00000000';
  const { consumer, baseUrl } = await runningReceiver(t, {
    tls: { ...SERVER, clientCa: pem('ca') },
    auth: new BearerAuth({ ingest: parseAccessTokens(`inference-service:${token}`).tokens, admin: [] }),
  });
  const url = `${baseUrl.replace('http:', 'https:')}/v1/traces`;
  const spans = await sdkSpansOfEveryType();
  const exportWith = async (headers: Record<string, string>): Promise<ExportResult> => {
    const exporter = new OTLPTraceExporter({ url, headers, httpAgentOptions: { ca: pem('ca'), cert: pem('client'), key: pem('client-key') } });
    try {
      return await new Promise<ExportResult>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the exporter did not finish within 5 s')), 5000);
        exporter.export(spans as ReadableSpan[], (result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    } finally {
      await exporter.shutdown();
    }
  };
  const ok = await exportWith({ Authorization: `Bearer ${token}` });
  assert.equal(ok.code, ExportResultCode.SUCCESS, ok.error?.message);
  assert.equal((await exportWith({})).code, ExportResultCode.FAILED, 'the certificate alone is not a token');
  assert.equal(consumer.traces.length, 1);
});
