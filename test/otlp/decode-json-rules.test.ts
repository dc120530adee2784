import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import type { Span } from '../../src/otlp/types.js';

/** A traces request holding one span with the given fields. */
function oneSpan(span: Record<string, unknown>): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}

function decodeSpan(span: Record<string, unknown>): Span {
  return decodeTracesJson(oneSpan(span)).resourceSpans[0].scopeSpans[0].spans[0];
}

test('ids are hex in any case, folded to lower case; empty means none', () => {
  const span = decodeSpan({ traceId: '5B8EFFF798038103d269b633813fc60C', spanId: 'EEE19B7EC3C1B174', parentSpanId: '' });
  assert.equal(span.traceId, '5b8efff798038103d269b633813fc60c');
  assert.equal(span.spanId, 'eee19b7ec3c1b174');
  assert.equal(span.parentSpanId, '');
  assert.equal(decodeSpan({}).traceId, '');
});

test('int64 values and times are read from numbers and from decimal strings alike', () => {
  const fromStrings = decodeSpan({
    startTimeUnixNano: '1544712660123456789', endTimeUnixNano: '999',
    attributes: [{ key: 'i', value: { intValue: '-42' } }, { key: 'big', value: { intValue: '9007199254740993' } }],
  });
  const fromNumbers = decodeSpan({
    startTimeUnixNano: 1544712660123456789, endTimeUnixNano: 999,
    attributes: [{ key: 'i', value: { intValue: -42 } }, { key: 'big', value: { intValue: 9007199254740993 } }],
  });
  assert.equal(fromStrings.startTimeUnixMs, 1_544_712_660_123.456789);
  assert.equal(fromStrings.endTimeUnixMs, 0.000999);
  assert.equal(fromStrings.attributes.get('i'), -42);
  assert.equal(fromStrings.attributes.get('big'), 9007199254740992, 'int64 beyond 2^53 is rounded');
  // The JSON number 1544712660123456789 is itself rounded by JSON.parse (to ...456768).
  assert.ok(Math.abs(fromNumbers.startTimeUnixMs - fromStrings.startTimeUnixMs) < 1e-3);
  assert.equal(fromNumbers.endTimeUnixMs, fromStrings.endTimeUnixMs);
  assert.deepStrictEqual(fromNumbers.attributes, fromStrings.attributes);
});

test('doubles accept the proto3 JSON spellings of NaN and the infinities; bytes are base64', () => {
  const span = decodeSpan({
    attributes: [
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'inf', value: { doubleValue: 'Infinity' } },
      { key: 'ninf', value: { doubleValue: '-Infinity' } },
      { key: 'str', value: { doubleValue: '2.5' } },
      { key: 'bytes', value: { bytesValue: 'AAH+/w==' } },
      { key: 'urlsafe', value: { bytesValue: 'AAH-_w' } },
      { key: 'unset', value: {} },
      { key: 'absent' },
    ],
  });
  assert.ok(Number.isNaN(span.attributes.get('nan')));
  assert.equal(span.attributes.get('inf'), Infinity);
  assert.equal(span.attributes.get('ninf'), -Infinity);
  assert.equal(span.attributes.get('str'), 2.5);
  assert.deepStrictEqual(span.attributes.get('bytes'), new Uint8Array([0, 1, 254, 255]));
  assert.deepStrictEqual(span.attributes.get('urlsafe'), new Uint8Array([0, 1, 254, 255]));
  assert.equal(span.attributes.get('unset'), null);
  assert.equal(span.attributes.get('absent'), null);
});

test('unknown keys are ignored at every level, and null means the default', () => {
  const plain = decodeTracesJson(oneSpan({ name: 'p', kind: 1, attributes: [{ key: 'a', value: { stringValue: 'x' } }] }));
  const noisy = decodeTracesJson(JSON.stringify({
    future: { anything: [1, 2] },
    resourceSpans: [{
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0', newField: 1,
      resource: null,
      scopeSpans: [{
        scope: null, schemaUrl: '',
        spans: [{
          name: 'p', kind: 1, traceState: 'k=v', flags: 257, droppedAttributesCount: 0, events: [{ name: 'e' }], links: [], status: null,
          attributes: [{ key: 'a', value: { stringValue: 'x', stringValueStrindex: 3 }, keyStrindex: 2 }],
          parentSpanId: null, startTimeUnixNano: null,
        }],
      }],
    }],
  }));
  assert.deepStrictEqual(noisy, plain);
  assert.deepStrictEqual(decodeTracesJson('{}'), { resourceSpans: [] });
  assert.deepStrictEqual(decodeTracesJson(`\ufeff${oneSpan({ name: 'p', kind: 1, attributes: [{ key: 'a', value: { stringValue: 'x' } }] })}`), plain, 'a leading byte-order mark is skipped');
  assert.deepStrictEqual(decodeLogsJson('{"resourceLogs": null}'), { resourceLogs: [] });
  assert.deepStrictEqual(decodeMetricsJson('{"resourceMetrics": []}'), { resourceMetrics: [] });
});

test('wrong JSON shapes are refused with an OtlpDecodeError naming the field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"resourceSpans": [', /not valid JSON/],
    ['a top-level array', '[]', /expected an object, got an array/],
    ['a top-level string', '"spans"', /expected an object/],
    ['resourceSpans as an object', '{"resourceSpans": {}}', /^resourceSpans: expected an array, got an object/],
    ['a null span', oneSpan(null as unknown as Record<string, unknown>), /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: expected an object, got null/],
    ['attributes as an object', oneSpan({ attributes: { a: 1 } }), /spans\[0\]\.attributes: expected an array/],
    ['a numeric attribute key', oneSpan({ attributes: [{ key: 1, value: {} }] }), /spans\[0\]\.attributes\[0\]\.key: expected a string, got 1/],
    ['a fractional intValue', oneSpan({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] }), /attributes\[0\]\.value\.intValue: expected an integer/],
    ['a boolean as text', oneSpan({ attributes: [{ key: 'k', value: { boolValue: 'true' } }] }), /value\.boolValue: expected true or false/],
    ['bad base64', oneSpan({ attributes: [{ key: 'k', value: { bytesValue: '**' } }] }), /value\.bytesValue: expected base64/],
    ['an array element of the wrong type', oneSpan({ attributes: [{ key: 'k', value: { arrayValue: { values: [{ intValue: 'x' }] } } }] }), /value\.arrayValue\.values\[0\]\.intValue/],
    ['a numeric trace id', oneSpan({ traceId: 123 }), /spans\[0\]\.traceId: expected 32 hex digits, got 123/],
    ['a short trace id', oneSpan({ traceId: 'abcd' }), /traceId: expected 32 hex digits/],
    ['a non-hex span id', oneSpan({ spanId: 'zzzzzzzzzzzzzzzz' }), /spanId: expected 16 hex digits/],
    ['a base64 span id', oneSpan({ spanId: '7uGbfsPBsXQ=' }), /spanId: expected 16 hex digits/],
    ['a numeric name', oneSpan({ name: 5 }), /spans\[0\]\.name: expected a string, got 5/],
    ['an enum name', oneSpan({ kind: 'SPAN_KIND_SERVER' }), /spans\[0\]\.kind: expected an integer/],
    ['a negative time', oneSpan({ startTimeUnixNano: '-1' }), /startTimeUnixNano: expected Unix nanoseconds/],
    ['a fractional time', oneSpan({ endTimeUnixNano: 1.5 }), /endTimeUnixNano: expected Unix nanoseconds/],
    ['a status string', oneSpan({ status: 'ERROR' }), /spans\[0\]\.status: expected an object/],
  ];
  for (const [what, text, message] of cases) {
    assert.throws(() => decodeTracesJson(text), (error: Error) => {
      assert.ok(error instanceof OtlpDecodeError, `${what}: ${error.stack}`);
      assert.match(error.message, message, what);
      return true;
    }, what);
  }
  assert.throws(() => decodeLogsJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"kvlistValue":{"values":[{"key":"k","value":{"intValue":true}}]}}}]}]}]}'),
    /logRecords\[0\]\.body\.kvlistValue\.values\[0\]\.value\.intValue: expected an integer/);
  assert.throws(() => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","histogram":{"dataPoints":[{"bucketCounts":["1","x"]}]}}]}]}]}'),
    /metrics\[0\]\.histogram\.dataPoints\[0\]\.bucketCounts\[1\]: expected an integer/);
  assert.throws(() => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"g","gauge":[]}]}]}]}'),
    /metrics\[0\]\.gauge: expected an object/);
});

test('hostile nesting is refused, not a stack overflow', () => {
  let value = '{"intValue": 1}';
  for (let i = 0; i < 5000; i++) value = `{"arrayValue": {"values": [${value}]}}`;
  const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"deep","value":${value}}]}]}]}]}`;
  assert.throws(() => decodeTracesJson(text), (error: Error) => error instanceof OtlpDecodeError && /nested deeper than 64/.test(error.message));
  assert.throws(() => decodeTracesJson('['.repeat(1_000_000)), OtlpDecodeError, 'a parser-breaking body');
});
