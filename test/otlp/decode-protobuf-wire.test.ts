import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeLogsProtobuf } from '../../src/otlp/protobuf/decode-logs-protobuf.js';
import { decodeMetricsProtobuf } from '../../src/otlp/protobuf/decode-metrics-protobuf.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { WireType } from '../../src/otlp/protobuf/protobuf-reader.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { encodeLogs, encodeMetrics, encodeTraces } from './encode-protobuf.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';

/** Metrics the SDK cannot make: a summary, negative exponential buckets and scale, integer points, NaN. */
const HAND_MADE_METRICS = JSON.stringify({
  resourceMetrics: [{
    scopeMetrics: [{
      metrics: [
        {
          name: 'rpc.latency', unit: 's',
          summary: { dataPoints: [{ timeUnixNano: '1700000000000000001', count: '7', sum: 3.5, quantileValues: [{ quantile: 0.5, value: 0.4 }] }] },
        },
        {
          name: 'delta.exponential',
          exponentialHistogram: {
            aggregationTemporality: 1,
            dataPoints: [{
              count: '9', scale: -3, zeroCount: '2', sum: -4.25,
              positive: { offset: -2, bucketCounts: ['1', '0', '3'] },
              negative: { offset: 5, bucketCounts: [300, 0, 1] },
            }],
          },
        },
        {
          name: 'int.sum',
          sum: { aggregationTemporality: 2, isMonotonic: false, dataPoints: [{ asInt: '-5', attributes: [{ key: 'k', value: { intValue: '-9007199254740991' } }] }] },
        },
        { name: 'nan.gauge', gauge: { dataPoints: [{ asDouble: 'NaN' }, { asDouble: '-Infinity' }, {}] } },
        { name: 'no.data' },
      ],
    }],
  }],
});

test('the official examples and hand-made metrics decode the same from JSON and from protobuf', () => {
  const traces = decodeTracesJson(readOtlpExample('trace.json'));
  assert.deepStrictEqual(decodeTracesProtobuf(encodeTraces(traces)), traces, 'trace.json');
  for (const name of ['logs.json', 'events.json'] as const) {
    const logs = decodeLogsJson(readOtlpExample(name));
    assert.deepStrictEqual(decodeLogsProtobuf(encodeLogs(logs)), logs, name);
  }
  for (const text of [readOtlpExample('metrics.json'), HAND_MADE_METRICS]) {
    const metrics = decodeMetricsJson(text);
    for (const packed of [true, false]) {
      assert.deepStrictEqual(decodeMetricsProtobuf(encodeMetrics(metrics, { packed })), metrics, `metrics, packed: ${packed}`);
    }
  }
  const handMade = decodeMetricsJson(HAND_MADE_METRICS).resourceMetrics[0].scopeMetrics[0].metrics;
  assert.deepStrictEqual(handMade[0].dataPoints[0], {
    attributes: new Map(), startTimeUnixMs: 0, timeUnixMs: 1_700_000_000_000.000001, count: 7, sum: 3.5,
  });
  assert.equal(handMade[1].dataPoints[0].scale, -3);
  assert.deepStrictEqual(handMade[1].dataPoints[0].positive, { offset: -2, bucketCounts: [1, 0, 3] });
  assert.deepStrictEqual(handMade[1].dataPoints[0].negative, { offset: 5, bucketCounts: [300, 0, 1] });
  assert.equal(handMade[2].dataPoints[0].value, -5);
  assert.equal(handMade[2].dataPoints[0].attributes.get('k'), -9007199254740991);
  assert.deepStrictEqual(handMade[3].dataPoints.map((p) => p.value), [NaN, -Infinity, undefined]);
  assert.deepStrictEqual(handMade[4], { name: 'no.data', description: '', unit: '', type: 'empty', dataPoints: [] });
});

/** Writes one unknown field of each wire type, a group with nested content included. */
function unknownFields(w: ProtobufWriter): void {
  w.varintField(1000, 2 ** 40);
  w.fixed64Field(1001, 12345);
  w.stringField(1002, 'not read');
  w.tag(1003, WireType.SGROUP).varintField(1, 7).tag(1004, WireType.SGROUP).stringField(2, 'x').tag(1004, WireType.EGROUP).tag(1003, WireType.EGROUP);
  w.fixed32Field(1005, 99);
}

/**
 * One span in one scope in one resource, with unknown fields at every level when
 * asked (at the top level too unless `nestedOnly`).
 */
function spanRequest(withUnknown: boolean, traceId = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'), nestedOnly = false): Uint8Array {
  const extra = (w: ProtobufWriter): void => { if (withUnknown) unknownFields(w); };
  const w = new ProtobufWriter();
  if (!nestedOnly) extra(w);
  w.messageField(1, (rs) => {
    extra(rs);
    rs.messageField(1, (r) => {
      extra(r);
      r.messageField(1, (kv) => { extra(kv); kv.stringField(1, 'service.name'); kv.messageField(2, (v) => { extra(v); v.stringField(1, 'svc'); }); });
    });
    rs.messageField(2, (ss) => {
      extra(ss);
      ss.messageField(1, (s) => { extra(s); s.stringField(1, 'scope'); s.stringField(2, '1.0'); });
      ss.messageField(2, (span) => {
        extra(span);
        span.bytesField(1, traceId);
        span.bytesField(2, Buffer.from('eee19b7ec3c1b174', 'hex'));
        span.stringField(5, 'predict');
        span.varintField(6, 3);
        span.fixed64Field(7, 1_700_000_000_000_000_000);
        span.fixed64Field(8, 1_700_000_000_500_000_000);
        span.messageField(9, (kv) => {
          extra(kv);
          kv.stringField(1, 'ml.feature.x');
          kv.messageField(2, (v) => {
            extra(v);
            v.messageField(5, (a) => {
              extra(a);
              a.messageField(1, (x) => x.varintField(3, -42));
              a.messageField(1, () => undefined);
              a.messageField(1, (x) => x.doubleField(4, 2.5));
            });
          });
        });
        span.messageField(15, (st) => { extra(st); st.stringField(2, 'boom'); st.varintField(3, 2); });
        extra(span);
      });
    });
  });
  return w.finish();
}

test('unknown fields of every wire type, at every level, are skipped', () => {
  const plain = decodeTracesProtobuf(spanRequest(false));
  assert.deepStrictEqual(decodeTracesProtobuf(spanRequest(true)), plain);
  const [span] = plain.resourceSpans[0].scopeSpans[0].spans;
  assert.equal(span.kind, 3);
  assert.equal(span.startTimeUnixMs, 1_700_000_000_000);
  assert.equal(span.endTimeUnixMs, 1_700_000_000_500);
  assert.deepStrictEqual(span.attributes.get('ml.feature.x'), [-42, null, 2.5]);
  assert.deepStrictEqual(span.status, { code: 2, message: 'boom' });
  assert.deepStrictEqual(plain.resourceSpans[0].resource.attributes, new Map([['service.name', 'svc']]));
});

test('every truncation of a message is refused with an OtlpDecodeError', () => {
  // One top-level field, so no cut falls on a field boundary of the request itself.
  const bytes = spanRequest(true, undefined, true);
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.throws(() => decodeTracesProtobuf(bytes.subarray(0, cut)), OtlpDecodeError, `cut at ${cut} of ${bytes.length}`);
  }
  assert.deepStrictEqual(decodeTracesProtobuf(new Uint8Array(0)), { resourceSpans: [] }, 'an empty body is an empty request');
});

test('an id of the wrong length is refused, naming where it is', () => {
  assert.throws(
    () => decodeTracesProtobuf(spanRequest(false, Buffer.from('0102', 'hex'))),
    (error: Error) => error instanceof OtlpDecodeError && /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: 2 bytes/.test(error.message),
  );
});

test('invalid wire structure is refused: field 0, wire types 6 and 7, unbalanced groups, hostile nesting', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['field number 0', new Uint8Array([0x00, 0x01])],
    ['wire type 6', new Uint8Array([0x0e, 0x01])],
    ['wire type 7', new Uint8Array([0x0f])],
    ['an end group with no start', new ProtobufWriter().tag(5, WireType.EGROUP).finish()],
    ['a group closed by another field', new ProtobufWriter().tag(5, WireType.SGROUP).tag(6, WireType.EGROUP).finish()],
    ['a group never closed', new ProtobufWriter().tag(5, WireType.SGROUP).varintField(1, 1).finish()],
    ['a varint of 11 bytes', new Uint8Array([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
    ['a length past the end', new Uint8Array([0x0a, 0x05, 0x01])],
  ];
  let nested = new ProtobufWriter().varintField(3, 1).finish();
  for (let depth = 0; depth < 200; depth++) nested = new ProtobufWriter().messageField(5, (a) => a.bytesField(1, nested)).finish();
  const deep = new ProtobufWriter().messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (span) =>
    span.messageField(9, (kv) => { kv.stringField(1, 'deep'); kv.bytesField(2, nested); })))).finish();
  cases.push(['arrays nested 200 deep', deep]);
  for (const [what, bytes] of cases) assert.throws(() => decodeTracesProtobuf(bytes), OtlpDecodeError, what);
});

test('garbage and corrupted messages never throw anything but an OtlpDecodeError', () => {
  const random = seededRandom(20240611);
  const valid = [spanRequest(true), encodeMetrics(decodeMetricsJson(HAND_MADE_METRICS), { packed: true }), encodeLogs(decodeLogsJson(readOtlpExample('logs.json')))];
  const decoders = [decodeTracesProtobuf, decodeMetricsProtobuf, decodeLogsProtobuf];
  let refused = 0;
  const tryAll = (bytes: Uint8Array): void => {
    for (const decode of decoders) {
      try {
        decode(bytes);
      } catch (error) {
        assert.ok(error instanceof OtlpDecodeError, `${(error as Error).stack}`);
        refused++;
      }
    }
  };
  for (let i = 0; i < 1500; i++) {
    tryAll(Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256)));
    const source = valid[i % valid.length];
    const corrupted = Uint8Array.from(source);
    for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) {
      corrupted[Math.floor(random() * corrupted.length)] ^= 1 << Math.floor(random() * 8);
    }
    tryAll(corrupted);
  }
  assert.ok(refused > 1000, `most garbage is refused (${refused} refusals)`);
});

test('short strings come back right however often they repeat or collide in the decoder\'s string cache', () => {
  const expected = new Map<string, string>();
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (span) => {
    for (let i = 0; i < 20_000; i++) {
      // Keys of many lengths (up to past the cache's 48-byte limit), values that repeat, and non-ASCII text.
      const key = `k${i}${'.x'.repeat(i % 30)}`;
      const value = i % 3 === 0 ? `v${i % 7}` : i % 3 === 1 ? `é${i}☃` : `${'long'.repeat(i % 20)}${i}`;
      expected.set(key, value);
      span.messageField(9, (kv) => { kv.stringField(1, key); kv.messageField(2, (v) => v.stringField(1, value)); });
    }
  })));
  const bytes = w.finish();
  for (let pass = 0; pass < 2; pass++) {
    const [span] = decodeTracesProtobuf(bytes).resourceSpans[0].scopeSpans[0].spans;
    assert.deepStrictEqual(span.attributes, expected, `pass ${pass}`);
  }
});
