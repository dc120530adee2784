import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { credentials, status } from '@grpc/grpc-js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { span, traces } from '../extract/otlp-builders.js';
import { exportCall } from './grpc-export-call.js';

/*
 * receiver.tls covers OTLP/gRPC too: the same certificate, and with client_ca_file
 * only clients with a certificate that CA signed get in (test certificates:
 * test/fixtures/tls/generate.sh).
 */
const tls = fileURLToPath(new URL('../../../test/fixtures/tls/', import.meta.url));
const pem = (name: string) => readFileSync(`${tls}${name}.pem`);
let processor: Processor;
let port: number;

before(async () => {
  port = await freePort();
  processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${port}, tls: { cert_file: ${tls}server.pem, key_file: ${tls}server-key.pem, client_ca_file: ${tls}ca.pem } }`,
    'prometheus: { port: 0 }',
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
});

after(() => processor?.shutdown());

const body = () => encodeTraces(traces(span({ 'ml.model.name': 'tls-model', 'ml.feature.x': 1 })));

test('a client with a certificate the configured CA signed exports over TLS', async () => {
  const answer = await exportCall(port, 'traces', body(), { credentials: credentials.createSsl(pem('ca'), pem('client-key'), pem('client')) });
  assert.equal(answer.code, status.OK, answer.details);
  assert.ok(processor.registry.list().some((version) => version.model === 'tls-model'));
});

test('no TLS, no client certificate, or one another CA signed: the call never reaches the receiver', async () => {
  for (const [what, channel] of [
    ['plaintext', credentials.createInsecure()],
    ['TLS without a client certificate', credentials.createSsl(pem('ca'))],
    ['a certificate of another CA', credentials.createSsl(pem('ca'), pem('stranger-key'), pem('stranger'))],
  ] as const) {
    const answer = await exportCall(port, 'traces', body(), { credentials: channel });
    assert.equal(answer.code, status.UNAVAILABLE, `${what}: ${answer.details}`);
  }
});
