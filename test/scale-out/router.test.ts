import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ingestPayloads, modelName } from '../../bench/ingest-payloads.js';
import { ServeProcess } from '../../bench/load-server.js';
import { ScaleRouter } from '../../bench/scale-router.js';
import { replicaOf, splitByModel } from '../../bench/scale-split.js';
import { decodeTracesProtobuf } from '../../src/otlp/index.js';
import type { AnyValue, Span, TracesData } from '../../src/otlp/types.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { recordSpans } from '../otlp/sdk-telemetry.js';

/*
 * The loopback router of `npm run bench:scale` (bench/scale-router.ts), which stands
 * in for the Collector's load_balancing exporter: if it lost, duplicated or misrouted
 * spans, the benchmark's throughput figures would count work no replica did. So: the
 * split is checked span by span against the decoder, and a small run through the
 * router to three real `modelwatch serve` processes is checked against what each
 * replica says it holds.
 */

/** Every span of a decoded request with the resource and scope it came under, keyed by span id. */
function spansOf(data: TracesData): Map<string, { span: Span; resource: unknown; scope: string }> {
  const found = new Map<string, { span: Span; resource: unknown; scope: string }>();
  for (const rs of data.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        assert.ok(!found.has(span.spanId), `span ${span.spanId} appears once`);
        found.set(span.spanId, { span, resource: Object.fromEntries(rs.resource.attributes), scope: `${ss.scope.name}@${ss.scope.version}` });
      }
    }
  }
  return found;
}

test('the split puts every span, with its resource and scope, in the part of the replica owning its model, and nowhere else', () => {
  // Two resources of two scopes each, models interleaved, and spans without a model name: a Collector batch looks like this.
  const span = (id: number, model: string | undefined): Span => ({
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: id.toString(16).padStart(16, '0'), parentSpanId: '', name: `predict ${model}`, kind: 1,
    startTimeUnixMs: 1_700_000_000_000 + id, endTimeUnixMs: 1_700_000_000_001 + id,
    attributes: new Map<string, AnyValue>(model === undefined ? [['other', id]] : [['ml.model.name', model], ['ml.feature.x', id * 0.5]]),
    status: { code: 0, message: '' },
  });
  let id = 1;
  const models = Array.from({ length: 7 }, (_, i) => `model-${i}`);
  const data: TracesData = {
    resourceSpans: ['svc-a', 'svc-b'].map((service) => ({
      resource: { attributes: new Map([['service.name', service]]) },
      scopeSpans: ['s1', 's2'].map((scope) => ({
        scope: { name: scope, version: '1', attributes: new Map() },
        spans: Array.from({ length: 20 }, (_, i) => span(id++, i % 6 === 5 ? undefined : models[(i + id) % models.length])),
      })),
    })),
  };
  const body = encodeTraces(data);
  const original = spansOf(decodeTracesProtobuf(body));
  const split = splitByModel(body, 3);
  assert.equal(split.parts.length, 3);
  const seen = new Set<string>();
  split.parts.forEach((part, replica) => {
    const spans = part === undefined ? new Map() : spansOf(decodeTracesProtobuf(part));
    assert.equal(spans.size, split.spans[replica], `replica ${replica}'s span count`);
    for (const [spanId, got] of spans) {
      const model = got.span.attributes.get('ml.model.name');
      assert.equal(replicaOf(model === undefined ? '' : String(model), 3), replica, `span ${spanId} (model ${model}) went to its owner`);
      assert.deepEqual(got, original.get(spanId), `span ${spanId} arrived as sent, under its resource and scope`);
      seen.add(spanId);
    }
  });
  assert.equal(seen.size, original.size, 'no span lost');
  assert.equal([...split.spansByModel.values()].reduce((a, b) => a + b, 0), original.size);
});

test('with one replica the split gives back the SDK\'s request byte for byte, events and links included', async () => {
  const spans = await recordSpans((tracer) => {
    const first = tracer.startSpan('predict a', { attributes: { 'ml.model.name': 'a', 'ml.feature.x': 1.5 } });
    first.addEvent('loaded', { size: 3 });
    first.end();
    tracer.startSpan('predict b', { attributes: { 'ml.model.name': 'b' }, links: [{ context: first.spanContext() }] }).end();
  });
  const body = ProtobufTraceSerializer.serializeRequest(spans)!;
  const split = splitByModel(body, 1);
  assert.deepEqual(split.spans, [2]);
  assert.ok(Buffer.from(split.parts[0]!).equals(Buffer.from(body)), 'the part is the request as it came');
});

test('through the router, three real replicas hold exactly the spans of the models they own, none lost or duplicated', { timeout: 90_000 }, async (t) => {
  const shape = { models: 12, numericFeatures: 4, categoricalFeatures: 2, spansPerRequest: 12 * 10, requests: 5, seed: 7 };
  const payloads = await ingestPayloads(shape);
  const replicas = await Promise.all([0, 1, 2].map(() => ServeProcess.start()));
  const router = await ScaleRouter.start(replicas.map((r) => r.port));
  try {
    for (const body of payloads.protobuf) {
      const response = await fetch(`http://127.0.0.1:${router.port}/v1/traces`, {
        method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body, signal: AbortSignal.timeout(20_000),
      });
      await response.arrayBuffer();
      assert.equal(response.status, 200);
    }
    // Fewer spans per model than the reference's 1,000: each replica still holds every span it took in its references.
    const perModel = shape.requests * (shape.spansPerRequest / shape.models);
    const stats = router.stats();
    t.diagnostic(`router: ${JSON.stringify(stats.spansPerReplica)} spans per replica`);
    assert.equal(stats.spans, shape.requests * shape.spansPerRequest);
    assert.equal(stats.partialSuccessAnswers, 0);
    for (const [replica, serve] of replicas.entries()) {
      const owned = Array.from({ length: shape.models }, (_, i) => modelName(i)).filter((m) => replicaOf(m, 3) === replica).sort();
      const state = await (await fetch(`http://127.0.0.1:${serve.port}/admin/state`)).json() as { models: { model: string; referenceRows: number; windowRecords: number }[] };
      assert.deepEqual(state.models.map((m) => m.model).sort(), owned, `replica ${replica} tracks exactly its models`);
      for (const m of state.models) assert.equal(m.referenceRows + m.windowRecords, perModel, `replica ${replica} holds every span of ${m.model}`);
      const counters = await serve.counters();
      assert.equal(counters.acceptedSpans, owned.length * perModel, `replica ${replica} accepted its spans`);
      assert.equal(counters.acceptedSpans, stats.spansPerReplica[replica], 'as the router counted');
      assert.equal(counters.rejectedSpans, 0);
    }
  } finally {
    await router.close();
    await Promise.all(replicas.map((r) => r.stop()));
  }
});
