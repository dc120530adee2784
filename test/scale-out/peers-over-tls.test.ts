import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { fixturesDir } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

/*
 * Replicas that require mutual TLS ask each other for a model over https: one that
 * presents the client certificate `scale_out.tls` names takes the model over; one
 * without it is refused at the handshake, counts the handoff `failed`, and starts the
 * model on its own reference.
 */
const tls = join(fixturesDir, 'tls');
const client = { ca: readFileSync(join(tls, 'ca.pem')), cert: readFileSync(join(tls, 'client.pem')), key: readFileSync(join(tls, 'client-key.pem')) };
const processors: Processor[] = [];
let holderPort: number;

function replica(port: number, scaleOut: string, prometheusPort = 0): Processor {
  const processor = new Processor(parseConfig([
    `receiver: { port: ${port}, grpc_port: 0, tls: { cert_file: ${tls}/server.pem, key_file: ${tls}/server-key.pem, client_ca_file: ${tls}/ca.pem } }`,
    `prometheus: { port: ${prometheusPort} }`, 'ui: { enabled: false }', 'reference: { size: 3 }', 'windows: { duration: 1h }',
    scaleOut,
  ].join('\n'), { name: 'replica.yaml', baseDir: process.cwd() }));
  processors.push(processor);
  return processor;
}

before(async () => {
  holderPort = await freePort();
  await replica(holderPort, '').start();
});

after(async () => {
  await Promise.all(processors.map((p) => p.shutdown()));
});

function postSpans(port: number, model: string, values: number[]): Promise<number> {
  const body = encodeTracesJsonRequest(values.map((x) => ({ 'ml.model.name': model, 'ml.model.version': '1', 'ml.feature.x': x })));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/json' }, ...client }, (response) => {
      response.resume().on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('with the client certificate a replica takes a model over from an mTLS peer; without it the handoff fails and the model starts afresh', { timeout: 30_000 }, async () => {
  const holder = processors[0];
  for (const model of ['kept', 'refused']) assert.equal(await postSpans(holderPort, model, [1, 2, 3, 4, 5]), 200);
  const peers = `peers: ["https://127.0.0.1:${holderPort}"], handoff_timeout: 5s`;

  const trusted = replica(await freePort(), `scale_out: { ${peers}, tls: { ca_file: ${tls}/ca.pem, cert_file: ${tls}/client.pem, key_file: ${tls}/client-key.pem } }`);
  await trusted.start();
  assert.equal(await postSpans(trusted.receiver.address().port, 'kept', [6]), 200);
  await until(() => trusted.registry.has('kept', '1'));
  assert.deepEqual(trusted.registry.openWindows().map((w) => [w.model, w.phase, w.windowRecords]), [['kept', 'monitoring', 3]], 'the two window records from the peer and the one held');
  assert.equal(holder.registry.has('kept', '1'), false);

  const prometheusPort = await freePort();
  const stranger = replica(await freePort(), `scale_out: { ${peers}, tls: { ca_file: ${tls}/ca.pem } }`, prometheusPort);
  await stranger.start();
  assert.equal(await postSpans(stranger.receiver.address().port, 'refused', [6]), 200);
  await until(() => stranger.registry.has('refused', '1'));
  assert.deepEqual(stranger.registry.openWindows().map((w) => [w.model, w.phase, w.referenceRows]), [['refused', 'reference', 1]], 'collecting its own reference');
  assert.equal(holder.registry.has('refused', '1'), true, 'the holder never handed it over');
  const handoffs = parsePrometheusText(await (await fetch(`http://127.0.0.1:${prometheusPort}/metrics`)).text()).samples
    .filter((s) => s.name === 'modelwatch_state_handoffs_total').map((s) => `${s.labels.modelwatch_handoff_outcome} ${s.value}`);
  assert.deepEqual(handoffs, ['failed 1']);
});
