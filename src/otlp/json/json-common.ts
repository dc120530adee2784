import { OtlpDecodeError, within } from '../decode-error.js';
import type { AnyValue, Attributes, InstrumentationScope, KeyValueList, Resource } from '../types.js';
import { MAX_NESTING } from '../decode-limits.js';
import { jsonArray, jsonBool, jsonElement, jsonBytes, jsonDouble, jsonInteger, jsonObject, jsonString, type JsonObject } from './json-values.js';

/*
 * opentelemetry.proto.common.v1 and resource.v1 in OTLP/JSON:
 *   AnyValue { stringValue | boolValue | intValue | doubleValue | arrayValue { values }
 *              | kvlistValue { values } | bytesValue }
 *   KeyValue { key, value }   InstrumentationScope { name, version, attributes }
 *   Resource { attributes }
 */

/** A repeated KeyValue field as attributes; a repeated key keeps its last value. */
export function jsonAttributes(value: unknown, field: string): Attributes {
  const list = jsonArray(value, field);
  const attributes: Attributes = new Map();
  for (let i = 0; i < list.length; i++) readKeyValue(list[i], attributes, field, i, 0);
  return attributes;
}

function readKeyValue(item: unknown, into: Map<string, AnyValue>, field: string, index: number, depth: number): void {
  try {
    const kv = jsonElement(item);
    into.set(jsonString(kv.key, 'key'), jsonAnyValue(kv.value, 'value', depth));
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error.within(`${field}[${index}]`);
    throw error;
  }
}

/** An AnyValue; null when absent or when no value is set. */
export function jsonAnyValue(value: unknown, field: string, depth: number): AnyValue {
  const any = jsonObject(value, field);
  if (any === undefined) return null;
  try {
    return anyValueOf(any, depth);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error.within(field);
    throw error;
  }
}

function anyValueOf(any: JsonObject, depth: number): AnyValue {
  // One key is set in a well-formed AnyValue: test the common ones first.
  if (any.stringValue !== undefined && any.stringValue !== null) return jsonString(any.stringValue, 'stringValue');
  if (any.intValue !== undefined && any.intValue !== null) return jsonInteger(any.intValue, 'intValue');
  if (any.doubleValue !== undefined && any.doubleValue !== null) return jsonDouble(any.doubleValue, 'doubleValue');
  if (any.boolValue !== undefined && any.boolValue !== null) return jsonBool(any.boolValue, 'boolValue');
  if (any.arrayValue !== undefined && any.arrayValue !== null) return readArrayValue(any.arrayValue, depth + 1);
  if (any.kvlistValue !== undefined && any.kvlistValue !== null) return readKeyValueList(any.kvlistValue, depth + 1);
  if (any.bytesValue !== undefined && any.bytesValue !== null) return jsonBytes(any.bytesValue, 'bytesValue');
  return null;
}

function readArrayValue(value: unknown, depth: number): AnyValue[] {
  if (depth > MAX_NESTING) throw new OtlpDecodeError('arrayValue', `values nested deeper than ${MAX_NESTING} levels`);
  const list = jsonArray(jsonObject(value, 'arrayValue')?.values, 'arrayValue.values');
  const values: AnyValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      values[i] = jsonAnyValue(list[i], '', depth);
    } catch (error) {
      if (error instanceof OtlpDecodeError) throw error.within(`arrayValue.values[${i}]`);
      throw error;
    }
  }
  return values;
}

function readKeyValueList(value: unknown, depth: number): KeyValueList {
  if (depth > MAX_NESTING) throw new OtlpDecodeError('kvlistValue', `values nested deeper than ${MAX_NESTING} levels`);
  const list = jsonArray(jsonObject(value, 'kvlistValue')?.values, 'kvlistValue.values');
  const values: KeyValueList = new Map();
  for (let i = 0; i < list.length; i++) readKeyValue(list[i], values, 'kvlistValue.values', i, depth);
  return values;
}

/** A Resource message; undefined when absent. */
export function jsonResource(value: unknown): Resource | undefined {
  const resource = jsonObject(value, 'resource');
  if (resource === undefined) return undefined;
  return { attributes: within('resource', -1, () => jsonAttributes(resource.attributes, 'attributes')) };
}

/** An InstrumentationScope message; undefined when absent. */
export function jsonScope(value: unknown): InstrumentationScope | undefined {
  const scope = jsonObject(value, 'scope');
  if (scope === undefined) return undefined;
  return within('scope', -1, () => ({
    name: jsonString(scope.name, 'name'),
    version: jsonString(scope.version, 'version'),
    attributes: jsonAttributes(scope.attributes, 'attributes'),
  }));
}

/** Parses a request body's text; a syntax error is an OtlpDecodeError. */
export function parseJsonBody(text: string, topField: string): JsonObject {
  let parsed: unknown;
  try {
    // A byte-order mark is not JSON, but some writers put one first.
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new OtlpDecodeError('', `the body is not valid JSON (${(error as Error).message})`);
  }
  const body = jsonObject(parsed, '');
  if (body === undefined) throw new OtlpDecodeError('', `expected an object with "${topField}", got null`);
  return body;
}

