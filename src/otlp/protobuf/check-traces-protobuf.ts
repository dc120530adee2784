import { OtlpDecodeError } from '../decode-error.js';
import { MAX_NESTING } from '../decode-limits.js';
import { ProtobufReader } from './protobuf-reader.js';

/**
 * Throws on exactly the bodies decodeTracesProtobuf throws on, building nothing: the
 * same walk over the same fields, with the same reader calls wherever a read can
 * fail (lengths, varints, fixed-width values, id sizes, nesting depth, skipped
 * fields), and strings and bytes stepped over by their length, which is all their
 * decoding can fail on. streamTracesProtobuf runs it first, so a body that would fail
 * half-way fails before its first span is handed over.
 *
 * The error names no path (the receiver asks decodeTracesProtobuf for its message).
 * Keep it in step with decode-traces-protobuf.ts and protobuf-common.ts: a check
 * laxer than the decoder would let a malformed body be half-applied (the tests
 * compare the two on corrupted bodies).
 *
 * @throws OtlpDecodeError where the body is malformed
 */
export function checkTracesProtobuf(bytes: Uint8Array): void {
  const r = new ProtobufReader(bytes);
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag === 10) checkGroup(r, checkAttributesMessage, checkScopeSpans);
    else r.skip(tag);
  }
}

/** ResourceSpans { resource 1, scope_spans 2 } or ScopeSpans { scope 1, spans 2 }. */
function checkGroup(r: ProtobufReader, checkHeader: (r: ProtobufReader) => void, checkItem: (r: ProtobufReader) => void): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: checkHeader(r); break;
      case 18: checkItem(r); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

function checkScopeSpans(r: ProtobufReader): void {
  checkGroup(r, checkScope, checkSpan);
}

/** Resource { attributes 1 }. */
function checkAttributesMessage(r: ProtobufReader): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) checkKeyValue(r, 0);
    else r.skip(tag);
  }
  r.expectEnd(end);
}

/** InstrumentationScope { name 1, version 2, attributes 3 }. */
function checkScope(r: ProtobufReader): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: case 18: r.pos = r.end(); break;
      case 26: checkKeyValue(r, 0); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

/** Span: ids must have their size or none; times are fixed64, kind a varint. */
function checkSpan(r: ProtobufReader): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: checkId(r, 16, 'traceId'); break;
      case 18: checkId(r, 8, 'spanId'); break;
      case 34: checkId(r, 8, 'parentSpanId'); break;
      case 42: r.pos = r.end(); break;
      case 48: r.uint32(); break;
      case 57: case 65: r.fixed64(); break;
      case 74: checkKeyValue(r, 0); break;
      case 122: checkStatus(r); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

function checkId(r: ProtobufReader, size: number, field: string): void {
  const end = r.end();
  const length = end - r.pos;
  r.pos = end;
  if (length !== 0 && length !== size) throw new OtlpDecodeError(field, `${length} bytes, expected ${size} or none`);
}

function checkStatus(r: ProtobufReader): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 18: r.pos = r.end(); break;
      case 24: r.uint32(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

function checkKeyValue(r: ProtobufReader, depth: number): void {
  const end = r.end();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: r.pos = r.end(); break;
      case 18: checkAnyValue(r, r.end(), depth); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

function checkAnyValue(r: ProtobufReader, end: number, depth: number): void {
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: case 58: r.pos = r.end(); break;
      case 16: r.bool(); break;
      case 24: r.int64(); break;
      case 33: r.double(); break;
      case 42: checkValues(r, r.end(), depth + 1, false); break;
      case 50: checkValues(r, r.end(), depth + 1, true); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
}

/** ArrayValue { values 1 } of AnyValue, or KeyValueList { values 1 } of KeyValue. */
function checkValues(r: ProtobufReader, end: number, depth: number, keyValues: boolean): void {
  if (depth > MAX_NESTING) throw new OtlpDecodeError('', `values nested deeper than ${MAX_NESTING} levels`);
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag !== 10) r.skip(tag);
    else if (keyValues) checkKeyValue(r, depth);
    else checkAnyValue(r, r.end(), depth);
  }
  r.expectEnd(end);
}
