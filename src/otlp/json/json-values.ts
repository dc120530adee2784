import { OtlpDecodeError } from '../decode-error.js';
import { unixMillis } from '../unix-millis.js';

/*
 * Readers for the scalar fields of OTLP/JSON (proto3's JSON mapping with OTLP's
 * deviations: hex ids, integer enums). Each takes the value under one key and that
 * key's name for the error message. An absent key and `null` both mean the field's
 * default, as the proto3 JSON mapping says; a value of the wrong type is an
 * OtlpDecodeError (400), never silently dropped.
 */

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A message: absent/null is undefined; anything but a plain object throws. */
export function jsonObject(value: unknown, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'an object', value);
  return value as JsonObject;
}

/** An element of a repeated message field: it must be an object (null is not a message). */
export function jsonElement(value: unknown): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType('', 'an object', value);
  return value as JsonObject;
}

/** A repeated field: absent/null is empty; anything but an array throws. */
export function jsonArray(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return EMPTY;
  if (!Array.isArray(value)) throw wrongType(field, 'an array', value);
  return value;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

/** A string field; absent/null is ''. */
export function jsonString(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  throw wrongType(field, 'a string', value);
}

/** A bool field; absent/null is false. */
export function jsonBool(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null) return false;
  throw wrongType(field, 'true or false', value);
}

const INTEGER_STRING = /^-?\d+$/;

/**
 * An int32, uint32 or enum (OTLP/JSON enums are integers) or an int64: a JSON number
 * or a decimal string, as proto3 allows for every integer. int64 beyond 2^53 is
 * rounded (src/otlp/types.ts).
 */
export function jsonInteger(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    throw wrongType(field, 'an integer', value);
  }
  if (typeof value === 'string' && INTEGER_STRING.test(value)) return Number(value);
  if (value === undefined || value === null) return 0;
  throw wrongType(field, 'an integer (a number or a decimal string)', value);
}

/** A double: a number, a numeric string, or "NaN", "Infinity", "-Infinity" (proto3 JSON). */
export function jsonDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null) return 0;
  return doubleFromString(value, field);
}

/** An optional double (proto3 `optional`): undefined when absent or null. */
export function jsonOptionalDouble(value: unknown, field: string): number | undefined {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null) return undefined;
  return doubleFromString(value, field);
}

function doubleFromString(value: unknown, field: string): number {
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const trimmed = value.trim();
    if (trimmed !== '' && trimmed === value) {
      const n = Number(value);
      if (!Number.isNaN(n)) return n;
    }
  }
  throw wrongType(field, 'a number', value);
}

const DIGITS = /^\d+$/;
const TWO_POW_53 = 9007199254740992;

/**
 * A fixed64 of Unix nanoseconds, as Unix milliseconds: split into whole milliseconds
 * and remaining nanoseconds exactly, as the protobuf decoder does
 * (src/otlp/unix-millis.ts), so both give the same double.
 */
export function jsonUnixMillis(value: unknown, field: string): number {
  if (typeof value === 'string') {
    if (!DIGITS.test(value)) throw wrongType(field, 'Unix nanoseconds (a non-negative integer)', value);
    return millisFromDigits(value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw wrongType(field, 'Unix nanoseconds (a non-negative integer)', value);
    if (value >= TWO_POW_53) return millisFromDigits(BigInt(value).toString());
    const remainder = value % 1e6;
    return unixMillis((value - remainder) / 1e6, remainder);
  }
  if (value === undefined || value === null) return 0;
  throw wrongType(field, 'Unix nanoseconds (a non-negative integer)', value);
}

function millisFromDigits(digits: string): number {
  if (digits.length <= 6) return unixMillis(0, Number(digits));
  const cut = digits.length - 6;
  return unixMillis(Number(digits.slice(0, cut)), Number(digits.slice(cut)));
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * A trace or span id: hex, case-insensitive (the OTLP examples use upper case),
 * folded to lower case; '' or absent means no id; else exactly `size` bytes.
 */
export function jsonHexId(value: unknown, size: number, field: string): string {
  if (typeof value === 'string') {
    if (value.length === 0) return '';
    if (value.length === size * 2 && HEX.test(value)) return value.toLowerCase();
    throw wrongType(field, `${size * 2} hex digits`, value);
  }
  if (value === undefined || value === null) return '';
  throw wrongType(field, `${size * 2} hex digits`, value);
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** A bytes value: base64 (standard or URL-safe, as proto3 JSON accepts), as a plain Uint8Array. */
export function jsonBytes(value: unknown, field: string): Uint8Array {
  if (typeof value === 'string' && BASE64.test(value)) return new Uint8Array(Buffer.from(value, 'base64'));
  if (value === undefined || value === null) return new Uint8Array(0);
  throw wrongType(field, 'base64', value);
}

function wrongType(field: string, expected: string, value: unknown): OtlpDecodeError {
  return new OtlpDecodeError(field, `expected ${expected}, got ${describe(value)}`);
}

/** A short rendering of an offending value for an error message (bounded: it goes back to the client). */
function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
