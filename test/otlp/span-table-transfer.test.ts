import assert from 'node:assert/strict';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, it } from 'node:test';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import type { SpanTable } from '../../src/otlp/span-table.js';
import { packSpanTable, unpackSpanTable, type TransferredSpanTable } from '../../src/otlp/span-table-transfer.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { span, traces, type PlainValue } from '../extract/otlp-builders.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeTraces } from './encode-protobuf.js';

/*
 * The receiver can decode protobuf /v1/traces on another thread and post the table
 * back: what arrives must be the table that was decoded, every column and value, with
 * the body and numbers moved rather than copied.
 */

/** Posts the packed table through a real MessageChannel, as the decode thread does. */
async function throughChannel(table: SpanTable): Promise<{ table: SpanTable; sentBody: Uint8Array }> {
  const { port1, port2 } = new MessageChannel();
  try {
    const received = new Promise<TransferredSpanTable>((resolve) => port2.once('message', resolve));
    const { message, transfer } = packSpanTable(table);
    const sentBody = message.bytes;
    port1.postMessage(message, transfer);
    return { table: unpackSpanTable(await received), sentBody };
  } finally {
    for (const port of [port1, port2] as MessagePort[]) port.close();
  }
}

/** Everything a consumer can read of a table. */
function readable(table: SpanTable) {
  const spans = Array.from({ length: table.size }, (_, i) => ({
    traceId: table.traceId(i), spanId: table.spanId(i), ids: { ...table.spanIds(i) }, start: table.attributeStart(i),
    end: table.attributeEnds[i], startTime: table.startTimesUnixMs[i], endTime: table.endTimesUnixMs[i],
    status: table.statusCodes[i], name: table.names[i], span: table.span(i),
  }));
  const attributes = Array.from({ length: table.attributeCount }, (_, a) => [table.keys[a], table.value(a)]);
  return { size: table.size, attributeCount: table.attributeCount, spans, attributes, tree: table.toTracesData() };
}

async function assertArrivesEqual(body: Uint8Array, what: string): Promise<void> {
  const expected = readable(decodeTracesTable(body));
  // A copy of the body: the one posted moves to the other side.
  const { table, sentBody } = await throughChannel(decodeTracesTable(Uint8Array.from(body)));
  assert.equal(sentBody.byteLength, 0, `${what}: the body was moved, not copied`);
  assert.deepEqual(readable(table), expected, what);
}

describe('SpanTable transfer', () => {
  it('arrives equal for SDK bodies of inference spans and for the OpenTelemetry example request', async () => {
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 3, spansPerRequest: 40, requests: 2, seed: 11 });
    for (const [i, body] of payloads.protobuf.entries()) await assertArrivesEqual(body, `SDK body ${i}`);
    await assertArrivesEqual(encodeTraces(decodeTracesJson(readOtlpExample('trace.json'))), 'trace.json');
  });

  it('keeps every kind of value, repeated keys, spans without attributes, and numbers that are not finite', async () => {
    const values: PlainValue[] = [
      'text', '', true, false, null, 0, -0, 42, -7.5, Number.NaN, Infinity, Uint8Array.of(1, 2, 255),
      ['a', 1, [true, null]], { k: 'v', n: 3 },
    ];
    const data = traces(
      span(Object.fromEntries(values.map((value, i) => [`key.${i}`, value]))),
      span({}),
      span({ 'ml.model.name': 'm', 'ml.feature.x': 1, 'ml.feature.y': 'same' }),
      span({ 'ml.model.name': 'm', 'ml.feature.x': 2, 'ml.feature.y': 'same' }),
      span({ 'ml.model.name': 'n', 'ml.feature.z': 'other' }),
    );
    await assertArrivesEqual(encodeTraces(data), 'mixed values');
    // A key sent twice in one span is kept twice, in order (the table's rule).
    const repeated = new ProtobufWriter();
    repeated.messageField(1, (resource) => resource.messageField(2, (scope) => scope.messageField(2, (s) => {
      for (const [key, value] of [['a', 'first'], ['b', 'x'], ['a', 'second']]) {
        s.messageField(9, (kv) => {
          kv.stringField(1, key);
          kv.messageField(2, (v) => v.stringField(1, value));
        });
      }
    })));
    await assertArrivesEqual(repeated.finish(), 'a repeated key');
  });

  it('sends an empty request as an empty table', async () => {
    await assertArrivesEqual(new Uint8Array(0), 'empty body');
  });
});
