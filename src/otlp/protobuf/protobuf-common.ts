import { OtlpDecodeError } from '../decode-error.js';
import type { AnyValue, Attributes, InstrumentationScope, KeyValueList, Resource } from '../types.js';
import { MAX_NESTING } from '../decode-limits.js';
import type { ProtobufReader } from './protobuf-reader.js';

/*
 * opentelemetry.proto.common.v1 and resource.v1, as read here (field numbers in
 * otlp-subset.proto next to this file):
 *   AnyValue { string_value 1, bool_value 2, int_value 3, double_value 4,
 *              array_value 5, kvlist_value 6, bytes_value 7 }
 *   ArrayValue { values 1 }   KeyValueList { values 1 }   KeyValue { key 1, value 2 }
 *   InstrumentationScope { name 1, version 2, attributes 3 }
 *   Resource { attributes 1 }
 * Tags below are `field << 3 | wire type`.
 */

/**
 * Reads one KeyValue message (its length prefix included) into `into`: a repeated
 * key keeps its last value, as the SDKs do.
 */
export function readKeyValue(r: ProtobufReader, into: Map<string, AnyValue>, depth: number): void {
  const end = r.end();
  let key = '';
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: key = r.string(); break;
      case 18: value = readAnyValue(r, r.end(), depth); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  into.set(key, value);
}

/** An AnyValue message ending at `end`; null when no value is set. */
export function readAnyValue(r: ProtobufReader, end: number, depth: number): AnyValue {
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: value = r.string(); break;
      case 16: value = r.bool(); break;
      case 24: value = r.int64(); break;
      case 33: value = r.double(); break;
      case 42: value = readArrayValue(r, r.end(), depth + 1); break;
      case 50: value = readKeyValueList(r, r.end(), depth + 1); break;
      case 58: value = r.bytesField(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return value;
}

function readArrayValue(r: ProtobufReader, end: number, depth: number): AnyValue[] {
  if (depth > MAX_NESTING) throw new OtlpDecodeError('', `values nested deeper than ${MAX_NESTING} levels`);
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) values.push(readAnyValue(r, r.end(), depth));
    else r.skip(tag);
  }
  r.expectEnd(end);
  return values;
}

function readKeyValueList(r: ProtobufReader, end: number, depth: number): KeyValueList {
  if (depth > MAX_NESTING) throw new OtlpDecodeError('', `values nested deeper than ${MAX_NESTING} levels`);
  const values: KeyValueList = new Map();
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) readKeyValue(r, values, depth);
    else r.skip(tag);
  }
  r.expectEnd(end);
  return values;
}

/** A Resource message (its length prefix included). */
export function readResource(r: ProtobufReader): Resource {
  const end = r.end();
  const attributes: Attributes = new Map();
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 10) readKeyValue(r, attributes, 0);
    else r.skip(tag);
  }
  r.expectEnd(end);
  return { attributes };
}

/** An InstrumentationScope message (its length prefix included). */
export function readScope(r: ProtobufReader): InstrumentationScope {
  const end = r.end();
  let name = '';
  let version = '';
  const attributes: Attributes = new Map();
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: name = r.string(); break;
      case 18: version = r.string(); break;
      case 26: readKeyValue(r, attributes, 0); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { name, version, attributes };
}
