import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer,
  ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { encodeExportResponseJson, encodeStatusJson } from '../../src/otlp/json/encode-response-json.js';
import { encodeExportResponseProtobuf, encodeStatusProtobuf } from '../../src/otlp/protobuf/encode-response-protobuf.js';
import { ProtobufReader } from '../../src/otlp/protobuf/protobuf-reader.js';
import { MAX_ERROR_MESSAGE_LENGTH } from '../../src/otlp/export-response.js';

const MESSAGE = 'rejected 3 spans: ml.feature.age has 2 values for 3 rows';

test('Export*ServiceResponse: the SDK exporters read our protobuf and JSON responses', () => {
  const cases = [
    { signal: 'traces', field: 'rejectedSpans', protobuf: ProtobufTraceSerializer, json: JsonTraceSerializer },
    { signal: 'logs', field: 'rejectedLogRecords', protobuf: ProtobufLogsSerializer, json: JsonLogsSerializer },
    { signal: 'metrics', field: 'rejectedDataPoints', protobuf: ProtobufMetricsSerializer, json: JsonMetricsSerializer },
  ] as const;
  for (const { signal, field, protobuf, json } of cases) {
    assert.deepStrictEqual(encodeExportResponseProtobuf(signal), new Uint8Array(0), `${signal}: full success is an empty message`);
    assert.equal(encodeExportResponseJson(signal), '{}');
    assert.deepStrictEqual(protobuf.deserializeResponse(encodeExportResponseProtobuf(signal)), {}, signal);

    const partial = { rejected: 3, errorMessage: MESSAGE };
    const fromProtobuf = protobuf.deserializeResponse(encodeExportResponseProtobuf(signal, partial)) as { partialSuccess?: Record<string, unknown> };
    assert.equal(Number(fromProtobuf.partialSuccess?.[field]), 3, `${signal} protobuf ${field}`);
    assert.equal(fromProtobuf.partialSuccess?.errorMessage, MESSAGE);

    const jsonText = encodeExportResponseJson(signal, partial);
    assert.deepStrictEqual(JSON.parse(jsonText), { partialSuccess: { [field]: '3', errorMessage: MESSAGE } });
    const fromJson = json.deserializeResponse(new TextEncoder().encode(jsonText)) as { partialSuccess?: Record<string, unknown> };
    assert.equal(fromJson.partialSuccess?.errorMessage, MESSAGE);

    assert.equal(encodeExportResponseJson(signal, { rejected: 0, errorMessage: '' }), '{}', 'nothing to report is a full success');
    assert.equal(encodeExportResponseProtobuf(signal, { rejected: 0, errorMessage: '' }).length, 0);
    const warning = JSON.parse(encodeExportResponseJson(signal, { rejected: 0, errorMessage: 'deprecated attribute' }));
    assert.deepStrictEqual(warning, { partialSuccess: { errorMessage: 'deprecated attribute' } }, 'a warning leaves the count at its default');
  }
});

test('google.rpc.Status: code and message, in protobuf and JSON; long messages are cut', () => {
  const bytes = encodeStatusProtobuf({ code: 3, message: 'bad body: truncated at byte 12' });
  const r = new ProtobufReader(bytes);
  assert.equal(r.uint32(), 8);
  assert.equal(r.int32(), 3);
  assert.equal(r.uint32(), 18);
  assert.equal(r.string(), 'bad body: truncated at byte 12');
  assert.equal(r.pos, bytes.length);
  assert.deepStrictEqual(JSON.parse(encodeStatusJson({ code: 8, message: 'full' })), { code: 8, message: 'full' });
  const long = JSON.parse(encodeStatusJson({ code: 3, message: 'x'.repeat(100_000) })) as { message: string };
  assert.equal(long.message.length, MAX_ERROR_MESSAGE_LENGTH);
  assert.ok(long.message.endsWith('...'));
});
