import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTracesProtobuf } from '../../src/otlp/protobuf/check-traces-protobuf.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeTraces } from './encode-protobuf.js';

/*
 * The receiver applies spans as they are decoded only because checkTracesProtobuf
 * has refused, beforehand, every body decodeTracesProtobuf would fail on half-way:
 * the two must refuse exactly the same bodies. Compared here on valid bodies and on
 * many corrupted ones (truncated, bytes overwritten), and on faults built on purpose.
 */

function refuses(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

function assertSameVerdict(body: Uint8Array, what: string): boolean {
  const decoder = refuses(() => decodeTracesProtobuf(body));
  assert.equal(refuses(() => checkTracesProtobuf(body)), decoder, `${what}: the check and the decoder ${decoder ? 'refuse' : 'accept'} alike`);
  return decoder;
}

async function bodies(): Promise<Uint8Array[]> {
  const payloads = await ingestPayloads({ models: 2, numericFeatures: 4, categoricalFeatures: 2, spansPerRequest: 6, requests: 2, seed: 5 });
  return [...payloads.protobuf, encodeTraces(decodeTracesJson(readOtlpExample('trace.json')))];
}

function nested(depth: number): Uint8Array {
  const value = (w: ProtobufWriter, level: number): void => {
    if (level === 0) w.stringField(1, 'x');
    else w.messageField(5, (a) => a.messageField(1, (v) => value(v, level - 1)));
  };
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (s) => s.messageField(9, (kv) => {
    kv.stringField(1, 'deep');
    kv.messageField(2, (v) => value(v, depth));
  }))));
  return w.finish();
}

describe('checkTracesProtobuf refuses exactly what decodeTracesProtobuf refuses', () => {
  it('accepts valid bodies', async () => {
    for (const [i, body] of (await bodies()).entries()) assert.equal(assertSameVerdict(body, `body ${i}`), false);
  });

  it('on every truncation and on bytes overwritten at random', async () => {
    const random = seededRandom(3);
    let refused = 0;
    let accepted = 0;
    for (const [i, body] of (await bodies()).entries()) {
      for (let end = 0; end < body.length; end += 1 + Math.floor(body.length / 400)) {
        if (assertSameVerdict(body.subarray(0, end), `body ${i} cut at ${end}`)) refused++;
        else accepted++;
      }
      for (let n = 0; n < 1500; n++) {
        const copy = Uint8Array.from(body);
        const changes = 1 + Math.floor(random() * 3);
        for (let c = 0; c < changes; c++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        if (assertSameVerdict(copy, `body ${i} corruption ${n}`)) refused++;
        else accepted++;
      }
    }
    assert.ok(refused > 100 && accepted > 100, `both verdicts were exercised (${refused} refused, ${accepted} accepted)`);
  });

  it('on ids of the wrong size, values nested too deep, and invalid wire types', () => {
    const badId = new ProtobufWriter();
    badId.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (s) => s.bytesField(4, new Uint8Array(5)))));
    assert.equal(assertSameVerdict(badId.finish(), 'parent span id of 5 bytes'), true);
    assert.equal(assertSameVerdict(nested(63), 'values nested 63 deep'), false);
    assert.equal(assertSameVerdict(nested(65), 'values nested 65 deep'), true);
    // Field 9 (attributes) of a span, sent with wire type 7, which does not exist.
    const badWire = new ProtobufWriter();
    badWire.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (s) => s.bytesField(9, Uint8Array.of(0x0f, 0x00)))));
    assert.equal(assertSameVerdict(badWire.finish(), 'wire type 7 inside a KeyValue'), true);
  });
});
