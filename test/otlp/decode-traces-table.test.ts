import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeTraces } from './encode-protobuf.js';
import type { AnyValue } from '../../src/otlp/types.js';

/*
 * The receiver decodes protobuf /v1/traces into a SpanTable when its consumer takes
 * one: the table must hold exactly the tree decodeTracesProtobuf makes, and refuse
 * exactly the bodies it refuses, with the same message.
 */

/** The tree, or the error message; from either decoder. */
function outcome(decode: () => unknown): unknown {
  try {
    return { tree: decode() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function assertSameOutcome(body: Uint8Array, what: string): boolean {
  const tree = outcome(() => decodeTracesProtobuf(body));
  assert.deepEqual(outcome(() => decodeTracesTable(body).toTracesData()), tree, what);
  return 'error' in (tree as object);
}

async function bodies(): Promise<Uint8Array[]> {
  const payloads = await ingestPayloads({ models: 2, numericFeatures: 4, categoricalFeatures: 2, spansPerRequest: 6, requests: 2, seed: 5 });
  return [...payloads.protobuf, encodeTraces(decodeTracesJson(readOtlpExample('trace.json')))];
}

/** A request of one resource and scope holding spans written by `spans`. */
function request(spans: (scope: ProtobufWriter) => void): Uint8Array {
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, spans));
  return w.finish();
}

/** A KeyValue attribute field (span field 9) whose AnyValue is written by `value`. */
function attribute(span: ProtobufWriter, key: string, value: (v: ProtobufWriter) => void): void {
  span.messageField(9, (kv) => {
    kv.stringField(1, key);
    kv.messageField(2, value);
  });
}

describe('decodeTracesTable', () => {
  it('holds the tree decodeTracesProtobuf makes, on SDK bodies and the official example', async () => {
    for (const [i, body] of (await bodies()).entries()) assert.equal(assertSameOutcome(body, `body ${i}`), false);
  });

  it('refuses what the tree decoder refuses, with its message, on every truncation and on bytes overwritten at random', async () => {
    const random = seededRandom(8);
    let refused = 0;
    let accepted = 0;
    for (const [i, body] of (await bodies()).entries()) {
      for (let end = 0; end < body.length; end += 1 + Math.floor(body.length / 400)) {
        if (assertSameOutcome(body.subarray(0, end), `body ${i} cut at ${end}`)) refused++;
        else accepted++;
      }
      for (let n = 0; n < 1500; n++) {
        const copy = Uint8Array.from(body);
        const changes = 1 + Math.floor(random() * 3);
        for (let c = 0; c < changes; c++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        if (assertSameOutcome(copy, `body ${i} corruption ${n}`)) refused++;
        else accepted++;
      }
    }
    assert.ok(refused > 100 && accepted > 100, `both verdicts were exercised (${refused} refused, ${accepted} accepted)`);
  });

  it('reads numbers the way the tree does whatever the AnyValue holds besides them', () => {
    const body = request((ss) => ss.messageField(2, (s) => {
      attribute(s, 'double', (v) => v.doubleField(4, 2.5));
      attribute(s, 'int', (v) => v.varintField(3, 42));
      attribute(s, 'negative int', (v) => v.raw([24, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
      attribute(s, 'double then string', (v) => v.doubleField(4, 1.5).stringField(1, 'last'));
      attribute(s, 'int then double', (v) => v.varintField(3, 7).doubleField(4, 0.25));
      attribute(s, 'string then int', (v) => v.stringField(1, 'first').varintField(3, 9));
      attribute(s, 'double twice', (v) => v.doubleField(4, 1).doubleField(4, 2));
      attribute(s, 'empty', () => undefined);
      attribute(s, 'bool', (v) => v.varintField(2, 1));
      attribute(s, 'NaN', (v) => v.doubleField(4, NaN));
    }));
    assertSameOutcome(body, 'numeric layouts');
    const attributes = decodeTracesTable(body).attributes(0);
    const expected: [string, AnyValue][] = [
      ['double', 2.5], ['int', 42], ['negative int', -1], ['double then string', 'last'], ['int then double', 0.25],
      ['string then int', 9], ['double twice', 2], ['empty', null], ['bool', true], ['NaN', NaN],
    ];
    assert.deepEqual([...attributes], expected);
  });

  it('keeps repeated keys, changing key orders, long keys, many attributes and repeated statuses as the tree has them', () => {
    const long = `ml.feature.${'x'.repeat(60)}`;
    const body = request((ss) => {
      ss.messageField(2, (s) => {
        attribute(s, 'ml.feature.a', (v) => v.varintField(3, 1));
        attribute(s, 'ml.feature.b', (v) => v.stringField(1, 'b'));
        attribute(s, 'ml.feature.a', (v) => v.varintField(3, 2));
        s.messageField(15, (st) => st.varintField(3, 2).stringField(2, 'first'));
        s.messageField(15, (st) => st.stringField(2, 'second'));
      });
      ss.messageField(2, (s) => {
        attribute(s, 'ml.feature.b', (v) => v.varintField(3, 3));
        attribute(s, 'ml.feature.a', (v) => v.stringField(1, 'a'));
        attribute(s, long, (v) => v.doubleField(4, 0.5));
      });
      ss.messageField(2, (s) => {
        for (let i = 0; i < 300; i++) attribute(s, `k${i % 290}`, (v) => v.varintField(3, i));
      });
      ss.messageField(2, (s) => attribute(s, long, (v) => v.doubleField(4, 0.75)));
    });
    assert.equal(assertSameOutcome(body, 'odd attributes'), false);
    assert.equal(decodeTracesTable(body).size, 4);
  });

  it('holds every value of a request with thousands of attributes, strings between the numbers', () => {
    const body = request((ss) => {
      for (let s = 0; s < 60; s++) {
        ss.messageField(2, (span) => {
          for (let a = 0; a < 50; a++) {
            if ((a + s) % 7 === 0) attribute(span, `text${a}`, (v) => v.stringField(1, `v${s}`));
            else if (s < 22) attribute(span, `run${a}`, (v) => v.stringField(1, 'strings first'));
            else attribute(span, `number${a}`, (v) => v.doubleField(4, s + a / 100));
          }
        });
      }
    });
    assert.equal(assertSameOutcome(body, 'a large request'), false);
    const table = decodeTracesTable(body);
    assert.equal(table.keys.length, 3000);
    assert.equal(table.attributes(59).get('number1'), 59.01);
  });
});
