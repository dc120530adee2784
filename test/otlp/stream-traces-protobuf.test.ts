import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { streamTracesProtobuf } from '../../src/otlp/protobuf/stream-traces-protobuf.js';
import type { InstrumentationScope, Resource, Span } from '../../src/otlp/types.js';

/*
 * Protobuf lets fields come in any order, and a singular message field sent twice
 * keeps its last value: the streaming walk must give each span the resource and
 * scope the tree decoder gives it, wherever the SDK put them.
 */

function resource(w: ProtobufWriter, service: string): void {
  w.messageField(1, (r) => r.messageField(1, (kv) => {
    kv.stringField(1, 'service.name');
    kv.messageField(2, (v) => v.stringField(1, service));
  }));
}

function scope(w: ProtobufWriter, name: string): void {
  w.messageField(1, (s) => s.stringField(1, name));
}

function spanField(w: ProtobufWriter, name: string): void {
  w.messageField(2, (s) => s.stringField(5, name));
}

/** (span name, service, scope name) of every span, as the tree decoder gives them. */
function fromTree(body: Uint8Array): string[][] {
  return decodeTracesProtobuf(body).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) =>
    ss.spans.map((s) => [s.name, String(rs.resource.attributes.get('service.name')), ss.scope.name])));
}

function fromStream(body: Uint8Array): string[][] {
  const seen: string[][] = [];
  streamTracesProtobuf(body, (s: Span, r: Resource, sc: InstrumentationScope) => {
    seen.push([s.name, String(r.attributes.get('service.name')), sc.name]);
  });
  return seen;
}

describe('streamTracesProtobuf', () => {
  it('gives spans the resource and scope sent after them, and the last of repeated ones', () => {
    const w = new ProtobufWriter();
    w.messageField(1, (rs) => {
      resource(rs, 'first');
      rs.messageField(2, (ss) => {
        spanField(ss, 'a');
        scope(ss, 'late-scope');
        spanField(ss, 'b');
      });
      resource(rs, 'last');
    });
    w.messageField(1, (rs) => {
      rs.messageField(2, (ss) => spanField(ss, 'c'));
      resource(rs, 'after');
      rs.varintField(99, 5);
    });
    w.messageField(1, (rs) => rs.messageField(2, (ss) => spanField(ss, 'd')));
    const body = w.finish();
    const expected = [['a', 'last', 'late-scope'], ['b', 'last', 'late-scope'], ['c', 'after', ''], ['d', 'undefined', '']];
    assert.deepEqual(fromTree(body), expected);
    assert.deepEqual(fromStream(body), expected);
  });

  it('throws on a body the tree decoder refuses before handing over any span, even those before the fault', () => {
    const w = new ProtobufWriter();
    w.messageField(1, (rs) => rs.messageField(2, (ss) => { spanField(ss, 'a'); spanField(ss, 'b'); }));
    w.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (s) => s.bytesField(1, new Uint8Array(3)))));
    const body = w.finish();
    assert.throws(() => decodeTracesProtobuf(body), /traceId/);
    const seen: string[] = [];
    assert.throws(() => streamTracesProtobuf(body, (s) => seen.push(s.name)), /traceId/);
    assert.deepEqual(seen, []);
  });
});
