import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import type { Span, TracesData } from '../../src/otlp/types.js';
import { expectedSpan, fields, sdkSpansOfEveryType, TEST_RESOURCE } from './sdk-telemetry.js';

function allSpans(data: TracesData): Span[] {
  return data.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

test('SDK spans: the protobuf and JSON decodes equal what the SDK recorded', async () => {
  const spans = await sdkSpansOfEveryType();
  const protobuf = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
  const json = decodeTracesJson(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)!));

  assert.deepStrictEqual(json, protobuf, 'JSON and protobuf decodes of the same spans are deep-equal');
  assert.equal(protobuf.resourceSpans.length, 1);
  const [resourceSpans] = protobuf.resourceSpans;
  for (const [key, value] of Object.entries(TEST_RESOURCE)) {
    assert.equal(resourceSpans.resource.attributes.get(key), value, `resource attribute ${key}`);
  }
  assert.equal(resourceSpans.scopeSpans[0].scope.name, 'modelwatch-test-scope');
  assert.equal(resourceSpans.scopeSpans[0].scope.version, '1.2.3');

  const decoded = allSpans(protobuf);
  assert.equal(decoded.length, spans.length);
  const byName = new Map(decoded.map((s) => [s.name, s]));
  for (const span of spans) assert.deepStrictEqual(fields(byName.get(span.name)), expectedSpan(span), span.name);

  const parent = byName.get('predict churn')!;
  assert.match(parent.traceId, /^[0-9a-f]{32}$/);
  assert.equal(byName.get('call model server')!.parentSpanId, parent.spanId);
  assert.equal(byName.get('call model server')!.status.code, 2);
  assert.equal(parent.startTimeUnixMs, 1_700_000_000_123.456789);
  assert.equal(parent.attributes.get('int.large'), 2 ** 40 + 3);
  assert.deepStrictEqual(parent.attributes.get('ml.feature.score'), [0.5, null, 0.75]);
  assert.deepStrictEqual(parent.attributes.get('ml.feature.city'), ['Paris', '', 'naïve ☃ 😀']);
});
