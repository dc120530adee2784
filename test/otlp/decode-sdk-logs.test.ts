import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeLogsProtobuf } from '../../src/otlp/protobuf/decode-logs-protobuf.js';
import type { AnyValue, LogRecord, LogsData } from '../../src/otlp/types.js';
import { expectedLogRecord, recordLogs } from './sdk-telemetry.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

function allRecords(data: LogsData): LogRecord[] {
  return data.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
}

test('SDK log records: the protobuf and JSON decodes equal what the SDK emitted', async () => {
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  const records = await recordLogs((logger) => {
    logger.emit({
      eventName: 'ml.feedback',
      timestamp: [1_700_000_100, 5],
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: 'ground truth arrived',
      attributes: {
        'ml.model.name': 'churn',
        'ml.inference.id': 'b7ad6b7169203331:2',
        'ml.label': 1,
        'label.score': 0.875,
        'label.flags': [true, false],
        'label.names': ['x', 'y'],
        'label.nested': { inner: [1, 'two', { deep: false }] },
        'label.bytes': new Uint8Array([0, 1, 254, 255]),
      },
      context: spanContext,
    });
    logger.emit({
      severityNumber: SeverityNumber.WARN,
      body: { kind: 'structured', values: [1.5, -2, 'three'], raw: new Uint8Array([7, 8]) },
    });
    logger.emit({ body: [1, 2, 3] });
  });

  const protobuf = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!);
  const json = decodeLogsJson(new TextDecoder().decode(JsonLogsSerializer.serializeRequest(records)!));
  assert.deepStrictEqual(json, protobuf, 'JSON and protobuf decodes of the same log records are deep-equal');

  const decoded = allRecords(protobuf);
  assert.equal(decoded.length, records.length);
  for (let i = 0; i < records.length; i++) assert.deepStrictEqual(decoded[i], expectedLogRecord(records[i]), `record ${i}`);
  assert.equal(decoded[0].eventName, 'ml.feedback');
  assert.equal(decoded[0].traceId, TRACE_ID);
  assert.equal(decoded[0].spanId, SPAN_ID);
  assert.equal(decoded[0].timeUnixMs, 1_700_000_100_000.000005);
  assert.deepStrictEqual(decoded[0].attributes.get('label.bytes'), new Uint8Array([0, 1, 254, 255]));
  assert.deepStrictEqual(decoded[1].body, new Map<string, AnyValue>([
    ['kind', 'structured'], ['values', [1.5, -2, 'three']], ['raw', new Uint8Array([7, 8])],
  ]));
});
