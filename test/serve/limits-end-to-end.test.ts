import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { windowMaxCategories } from '../../src/evaluate/window/reference-options.js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';

/**
 * `modelwatch serve` with small `limits`: each breach is answered with its reason in
 * partial_success (naming the key) and counted in modelwatch.limits.breaches, read
 * from the processor's own Prometheus endpoint.
 */
let processor: Processor;
let base: string;
let metricsUrl: string;

before(async () => {
  const prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0, max_body_bytes: 4096, max_inflight_bytes: 8192 }', `prometheus: { port: ${prometheusPort} }`, 'reference: { size: 3 }',
    'limits: { spans_per_request: 5, attributes_per_span: 8, string_length: 20, models: 2, features_per_model: 4 }',
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  base = `http://127.0.0.1:${processor.receiver.address().port}`;
  metricsUrl = `http://127.0.0.1:${prometheusPort}/metrics`;
});

after(async () => {
  await processor.shutdown();
});

interface PartialSuccess { rejectedSpans?: string; errorMessage?: string }

async function sendSpans(spans: SpanAttributes[]): Promise<{ status: number; partial: PartialSuccess | undefined }> {
  const response = await fetch(`${base}/v1/traces`, {
    method: 'POST', body: encodeTracesJsonRequest(spans), headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5000),
  });
  const body = await response.json() as { partialSuccess?: PartialSuccess };
  return { status: response.status, partial: body.partialSuccess };
}

/** modelwatch_limits_breaches_total by limit, as scraped now. */
async function breaches(): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) })).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^modelwatch_limits_breaches_total\{[^}]*modelwatch_limit="(?:receiver\.)?(\w+)"[^}]*\} (\d+)/gm)) {
    counts.set(match[1], Number(match[2]));
  }
  return counts;
}

test('each limit: the breach is rejected with a reason naming its key, and counted once', async () => {
  const ok = await sendSpans([{ 'ml.model.name': 'a', 'ml.feature.x': 1 }]);
  assert.equal(ok.partial, undefined, 'within every limit: no partial_success');

  const cases: { limit: string; spans: SpanAttributes[]; rejected: number }[] = [
    { limit: 'spans_per_request', spans: Array.from({ length: 6 }, () => ({ 'ml.model.name': 'a', 'ml.feature.x': 1 })), rejected: 6 },
    { limit: 'attributes_per_span', spans: [{ 'ml.model.name': 'a', ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`other.${i}`, i])) }], rejected: 1 },
    { limit: 'features_per_model', spans: [{ 'ml.model.name': 'a', ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`ml.feature.f${i}`, i])) }], rejected: 1 },
    { limit: 'string_length', spans: [{ 'ml.model.name': 'a', 'ml.feature.city': 'x'.repeat(21) }], rejected: 1 },
    { limit: 'string_length', spans: [{ 'ml.model.name': 'a', 'ml.feature.city': ['short', 'y'.repeat(21)] }], rejected: 1 },
  ];
  for (const { limit, spans, rejected } of cases) {
    const before = (await breaches()).get(limit) ?? 0;
    const answer = await sendSpans(spans);
    assert.equal(answer.status, 200, limit);
    assert.equal(Number(answer.partial?.rejectedSpans), rejected, limit);
    assert.match(answer.partial?.errorMessage ?? '', new RegExp(`limits\\.${limit}`), limit);
    assert.equal((await breaches()).get(limit), before + 1, `${limit} counted once`);
  }
  // At the limits: taken.
  const atLimits = await sendSpans([{ 'ml.model.name': 'a', 'ml.feature.city': 'x'.repeat(20), ...Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`ml.feature.f${i}`, i])) }]);
  assert.equal(atLimits.partial, undefined);
});

test('protobuf requests (read as span tables) break the span limits the same way', async () => {
  const over: SpanAttributes[] = [
    { 'ml.model.name': 'a', 'ml.feature.city': 'x'.repeat(21) },
    { 'ml.model.name': 'a', ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`other.${i}`, i])) },
    { 'ml.model.name': 'a', ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`ml.feature.f${i}`, i])) },
    { 'ml.model.name': 'a', 'ml.feature.city': 'ok' },
  ];
  const before = await breaches();
  const response = await fetch(`${base}/v1/traces`, {
    method: 'POST', body: encodeTraces(decodeTracesJson(encodeTracesJsonRequest(over))), headers: { 'content-type': 'application/x-protobuf' },
  });
  assert.equal(response.status, 200);
  const answer = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()));
  assert.equal(Number(answer.partialSuccess?.rejectedSpans), 3);
  assert.match(answer.partialSuccess?.errorMessage ?? '', /limits\.string_length/);
  const after = await breaches();
  for (const limit of ['string_length', 'attributes_per_span', 'features_per_model']) {
    assert.equal(after.get(limit), (before.get(limit) ?? 0) + 1, limit);
  }
});

test('receiver.max_body_bytes: 413 with the reason, counted', async () => {
  const before = (await breaches()).get('max_body_bytes') ?? 0;
  const big = encodeTracesJsonRequest([{ 'ml.model.name': 'a', pad: 'x'.repeat(5_000) }]);
  const response = await fetch(`${base}/v1/traces`, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 413);
  assert.match(((await response.json()) as { message: string }).message, /MODELWATCH_ERR_BODY_TOO_LARGE/);
  assert.equal((await breaches()).get('max_body_bytes'), before + 1);
});

test('models: past the limit a new version is refused, the versions known go on', async () => {
  assert.equal((await sendSpans([{ 'ml.model.name': 'b', 'ml.feature.x': 1 }])).partial, undefined, 'the second version fits');
  const before = (await breaches()).get('models') ?? 0;
  const third = await sendSpans([{ 'ml.model.name': 'c', 'ml.feature.x': 1 }, { 'ml.model.name': 'a', 'ml.model.version': 'v2', 'ml.feature.x': 1 }, { 'ml.model.name': 'a', 'ml.feature.x': 2 }]);
  assert.equal(Number(third.partial?.rejectedSpans), 2);
  assert.match(third.partial?.errorMessage ?? '', /model c version unversioned is new, and 2 model versions are tracked already \(limits\.models\)/);
  assert.equal((await breaches()).get('models'), before + 2);
  assert.deepEqual(processor.registry.list().map((v) => `${v.model}/${v.version}`), ['a/unversioned', 'b/unversioned']);
  assert.equal((await sendSpans([{ 'ml.model.name': 'b', 'ml.feature.x': 3 }])).partial, undefined, 'a known version goes on');
});

test('categories_per_feature: a window counts the reference\'s categories and new ones up to the limit; past it the overflow is counted', async (t) => {
  const prometheusPort = await freePort();
  const small = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }', `prometheus: { port: ${prometheusPort} }`, 'reference: { size: 3 }', 'limits: { categories_per_feature: 5 }',
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await small.start();
  t.after(() => small.shutdown());
  const url = `http://127.0.0.1:${small.receiver.address().port}/v1/traces`;
  const post = async (spans: SpanAttributes[]) => {
    const response = await fetch(url, { method: 'POST', body: encodeTracesJsonRequest(spans), headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  };
  const overflowBreaches = async () => {
    const text = await (await fetch(`http://127.0.0.1:${prometheusPort}/metrics`)).text();
    return Number(/^modelwatch_limits_breaches_total\{[^}]*modelwatch_limit="categories_per_feature"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
  };
  await post(['a', 'b', 'c'].map((city) => ({ 'ml.model.name': 'm', 'ml.feature.city': city })));
  await post(['a', 'd', 'e'].map((city) => ({ 'ml.model.name': 'm', 'ml.feature.city': city })));
  small.registry.closeWindows(Date.now() + 1);
  assert.equal(await overflowBreaches(), 0, 'a, b, c and two new categories fit in 5');
  await post(['d', 'e', 'f', 'g'].map((city) => ({ 'ml.model.name': 'm', 'ml.feature.city': city })));
  small.registry.closeWindows(Date.now() + 2);
  assert.equal(await overflowBreaches(), 1, 'f and g went to the overflow bucket: one feature-window counted');
});

test('the window category cap: twice the reference\'s (at least 100), cut to categories_per_feature, never below the reference\'s own', () => {
  assert.equal(windowMaxCategories(3, {}), 100);
  assert.equal(windowMaxCategories(300, {}), 600);
  assert.equal(windowMaxCategories(300, { categoryLimit: 450 }), 450);
  assert.equal(windowMaxCategories(300, { categoryLimit: 5 }), 300);
  assert.equal(windowMaxCategories(0, { categoryLimit: 5 }), 5);
});

test('models: labels of models neither tracked nor joined are refused once the join keeps that many models', async () => {
  const post = async (model: string) => {
    const response = await fetch(`${base}/v1/feedback`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ 'ml.model.name': model, 'ml.inference.id': `${model}-1`, 'ml.label': 1 }]),
    });
    return { status: response.status, body: await response.json() as { accepted: number; errors: { message: string }[] } };
  };
  assert.equal((await post('label-only-1')).body.accepted, 1);
  assert.equal((await post('label-only-2')).body.accepted, 1);
  const before = (await breaches()).get('models') ?? 0;
  const third = await post('label-only-3');
  assert.equal(third.status, 400);
  assert.match(third.body.errors[0]?.message ?? '', /model label-only-3 is new, and labels of 2 models are kept already \(limits\.models\)/);
  assert.equal((await breaches()).get('models'), before + 1);
  assert.equal((await post('a')).body.accepted, 1, 'a tracked model\'s labels are taken');
  assert.equal((await post('label-only-1')).body.accepted, 1, 'so are those of a model the join knows');
});
