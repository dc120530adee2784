import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../src/config/load-config.js';
import { ModelRegistry } from '../../src/model/model-registry.js';
import { Processor } from '../../src/serve/processor.js';
import { PeerHandoff } from '../../src/scale-out/peer-handoff.js';
import { batch, meanShiftMonitor } from '../model/fake-monitor.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

/*
 * Asking peers, at the HTTP level: a peer that is itself asking for the version
 * answers 503 with Retry-After (a state may be on its way to it, so "not known" would
 * be wrong), and the asker asks again within its time rather than starting the
 * version afresh.
 */

/** A loopback peer whose answers the test scripts, one per request. */
async function scriptedPeer(answer: (request: IncomingMessage, response: ServerResponse, count: number) => void) {
  let count = 0;
  const server = createServer((request, response) => answer(request, response, ++count));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The state of m1 v1 as a peer would hand it over. */
function stateBody(): string {
  const registry = new ModelRegistry({
    optionsFor: () => ({ referenceSize: 2, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }),
    sink: { publish: () => undefined },
  });
  registry.acceptInferences(batch({ x: [1, 2, 3] }));
  return JSON.stringify(registry.exportVersion({ model: 'm1', version: 'v1' })!.state);
}

function handoff(peer: string, timeoutMs: number): PeerHandoff {
  return new PeerHandoff({ peers: [peer], timeoutMs, maxHeldRows: 100, ended: () => undefined });
}

test('a busy peer is asked again after its Retry-After, and its state is taken once it has one', async () => {
  const body = stateBody();
  const peer = await scriptedPeer((request, response, count) => {
    assert.equal(request.url, '/v1/models/m1/v1/state?release=true');
    if (count <= 2) response.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error":"MODELWATCH_ERR_STATE_IN_HANDOFF"}');
    else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  try {
    const states = await handoff(peer.url, 5_000).fetch({ model: 'm1', version: 'v1' });
    assert.equal(states.length, 1);
    assert.equal(states[0].window?.records, 1);
    assert.equal(peer.requests(), 3);
  } finally {
    await peer.close();
  }
});

test('a peer busy for longer than the handoff\'s time is a failure, not a "not found"', async () => {
  const peer = await scriptedPeer((_request, response) => response.writeHead(503, { 'retry-after': '0' }).end('busy'));
  try {
    await assert.rejects(handoff(peer.url, 300).fetch({ model: 'm1', version: 'v1' }), /1 of 1 replicas could not be asked/);
    assert.ok(peer.requests() > 1, 'asked more than once');
  } finally {
    await peer.close();
  }
});

test('a processor asking for a version answers 503 with Retry-After when asked for it, then 200 once it has it', { timeout: 15_000 }, async () => {
  let answerPending: (() => void) | undefined;
  // The processor's only peer keeps its question waiting until the test lets it answer 404.
  const peer = await scriptedPeer((_request, response) => {
    answerPending = () => response.writeHead(404).end('{}');
  });
  const processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }', 'prometheus: { port: 0 }', 'ui: { enabled: false }', 'reference: { size: 2 }',
    `scale_out: { peers: ["${peer.url}"], handoff_timeout: 10s }`,
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  const url = `http://127.0.0.1:${processor.receiver.address().port}`;
  try {
    const sent = await fetch(`${url}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: encodeTracesJsonRequest([1, 2, 3].map((x) => ({ 'ml.model.name': 'm', 'ml.model.version': '1', 'ml.feature.x': x }))),
    });
    assert.equal(sent.status, 200);
    while (answerPending === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    const busy = await fetch(`${url}/v1/models/m/1/state`);
    assert.equal(busy.status, 503);
    assert.equal(busy.headers.get('retry-after'), '1');
    assert.equal(((await busy.json()) as { error: string }).error, 'MODELWATCH_ERR_STATE_IN_HANDOFF');
    answerPending();
    while (!processor.registry.has('m', '1')) await new Promise((resolve) => setTimeout(resolve, 10));
    const state = await fetch(`${url}/v1/models/m/1/state`);
    assert.equal(state.status, 200);
    assert.equal(((await state.json()) as { window: { records: number } }).window.records, 1);
  } finally {
    await processor.shutdown();
    await peer.close();
  }
});
