import { concat, FuzzRandom, INVALID_UTF8, mutateRawBytes } from './fuzz-random.js';

/*
 * A structure-aware protobuf mutator: a valid body is read into a tree of wire fields
 * (a LEN field that reads whole as fields is taken as a submessage), one node is
 * changed, and the tree is written back with every enclosing length prefix right,
 * so the change reaches the decoder at depth instead of breaking the outer message.
 * Some changes write a deliberately wrong encoding (a varint past 10 bytes, a length
 * larger than what follows) that the writer keeps as given.
 */

interface WireField {
  field: number;
  wire: number;
  /** VARINT: the value; written in `width` bytes (non-canonical when wider than needed). */
  varint?: bigint;
  width?: number;
  /** I64/I32/LEN leaf bytes; for LEN, `children` instead when the bytes read as a message. */
  bytes?: Uint8Array;
  children?: WireField[];
  /** LEN: a length prefix written instead of the true one. */
  lengthOverride?: bigint;
  /** Raw bytes written as they are (a broken tag, an unterminated varint). */
  raw?: Uint8Array;
}

/** Reads bytes as fields, or undefined when they are not a well-formed message. */
function parseFields(bytes: Uint8Array, depth: number): WireField[] | undefined {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint | undefined => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) return undefined;
      const b = bytes[pos++];
      value |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  while (pos < bytes.length) {
    const tag = varint();
    if (tag === undefined || tag === 0n) return undefined;
    const field = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (field === 0 || field > 536870911) return undefined;
    if (wire === 0) {
      const value = varint();
      if (value === undefined) return undefined;
      fields.push({ field, wire, varint: value });
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (pos + n > bytes.length) return undefined;
      fields.push({ field, wire, bytes: bytes.subarray(pos, pos + n) });
      pos += n;
    } else if (wire === 2) {
      const length = varint();
      if (length === undefined || pos + Number(length) > bytes.length) return undefined;
      const body = bytes.subarray(pos, pos + Number(length));
      pos += Number(length);
      const children = depth < 12 && body.length > 0 ? parseFields(body, depth + 1) : undefined;
      fields.push(children === undefined ? { field, wire, bytes: body } : { field, wire, children });
    } else {
      return undefined;
    }
  }
  return fields;
}

function writeVarint(value: bigint, width?: number): Uint8Array {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  do {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  } while (v > 0n);
  while (width !== undefined && out.length < width) out.push(0x80);
  out[out.length - 1] &= 0x7f;
  return Uint8Array.from(out);
}

function writeFields(fields: readonly WireField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    if (f.raw !== undefined) {
      parts.push(f.raw);
      continue;
    }
    parts.push(writeVarint(BigInt(f.field) << 3n | BigInt(f.wire)));
    if (f.wire === 0) {
      parts.push(writeVarint(f.varint ?? 0n, f.width));
    } else if (f.wire === 2) {
      const body = f.children !== undefined ? writeFields(f.children) : f.bytes ?? new Uint8Array(0);
      parts.push(writeVarint(f.lengthOverride ?? BigInt(body.length)), body);
    } else {
      parts.push(f.bytes ?? new Uint8Array(f.wire === 1 ? 8 : 4));
    }
  }
  return concat(...parts);
}

/** Every field of the tree with the list that holds it, outermost first. */
function allFields(fields: WireField[], out: { list: WireField[]; index: number; depth: number }[] = [], depth = 0) {
  fields.forEach((f, index) => {
    out.push({ list: fields, index, depth });
    if (f.children !== undefined) allFields(f.children, out, depth + 1);
  });
  return out;
}

/** A KeyValue { key = 1; value = 2 (AnyValue) } as OTLP spells an attribute. */
function keyValue(key: Uint8Array, value: WireField[]): WireField[] {
  return [{ field: 1, wire: 2, bytes: key }, { field: 2, wire: 2, children: value }];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Deepest AnyValue the mutator writes: far past the decoder's MAX_NESTING, and shallow
 * enough for writeFields, which recurses two to three frames a level (2,000 levels
 * overflowed its stack in a 150 s campaign, seed 2026).
 */
const MAX_GENERATED_NESTING = 1_000;

/** An AnyValue nested `depth` levels deep through kvlist_value (6) or array_value (5). */
function deepAnyValue(random: FuzzRandom, depth: number): WireField[] {
  let value: WireField[] = [{ field: 1, wire: 2, bytes: utf8('leaf') }];
  for (let i = 0; i < depth; i++) {
    value = random.chance(0.5)
      ? [{ field: 5, wire: 2, children: [{ field: 1, wire: 2, children: value }] }]
      : [{ field: 6, wire: 2, children: [{ field: 1, wire: 2, children: keyValue(utf8('k'), value) }] }];
  }
  return value;
}

/** One structure-aware change to a valid protobuf body; falls back to raw byte mutation when the body does not parse. */
export function mutateProtobuf(random: FuzzRandom, input: Uint8Array): Uint8Array {
  const tree = parseFields(input, 0);
  if (tree === undefined || tree.length === 0 || random.chance(0.2)) return mutateRawBytes(random, input);
  const nodes = allFields(tree);
  const { list, index } = random.pick(nodes);
  const f = list[index];
  switch (random.below(12)) {
    case 0: // a varint inflated to 10 bytes (still valid) or past them (invalid)
      if (f.wire === 0) f.width = random.pick([10, 10, 11, 12, 20]);
      else f.raw = concat(writeVarint(BigInt(f.field) << 3n | 0n), Uint8Array.from({ length: random.pick([10, 11, 16]) }, () => 0xff));
      break;
    case 1: // the same field number under another wire type
      f.wire = random.pick([0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w !== f.wire));
      if (f.wire === 0) f.varint = BigInt(random.below(1 << 30));
      if (f.wire === 2 && f.bytes === undefined && f.children === undefined) f.bytes = random.bytes(random.size(16));
      if (f.wire >= 3) f.raw = writeVarint(BigInt(f.field) << 3n | BigInt(f.wire));
      break;
    case 2: // a length prefix larger than the rest, or absurd
      if (f.wire === 2) f.lengthOverride = random.pick([2n ** 31n - 1n, 2n ** 32n + 5n, 2n ** 63n, BigInt(input.length + 1 + random.below(100))]);
      else f.varint = random.pick([2n ** 64n - 1n, 2n ** 63n, 2n ** 32n, 2n ** 31n, 0n]);
      break;
    case 3: // invalid UTF-8 in a string
      if (f.wire === 2 && f.children === undefined) f.bytes = concat(f.bytes ?? new Uint8Array(0), random.pick(INVALID_UTF8));
      else f.children?.push({ field: 1, wire: 2, bytes: concat(utf8('x'), random.pick(INVALID_UTF8)) });
      break;
    case 4: // a nested message many levels deep (an attribute on whatever message this is)
      list.splice(index, 0, { field: random.pick([9, 1, 2, 6, 7]), wire: 2, children: keyValue(utf8('deep'), deepAnyValue(random, random.size(MAX_GENERATED_NESTING))) });
      break;
    case 5: { // many attributes: a field repeated thousands of times
      const copies = random.size(20_000);
      const copy = { field: 9, wire: 2, children: keyValue(utf8('a'), [{ field: 3, wire: 0, varint: 1n }]) };
      list.splice(index, 0, ...Array.from({ length: copies }, () => (random.chance(0.5) ? copy : f)));
      break;
    }
    case 6: // a field dropped, or sent twice
      if (random.chance(0.5)) list.splice(index, 1);
      else list.splice(index, 0, structuredClone(f));
      break;
    case 7: // a doubled, NaN or infinite fixed64
      f.wire = 1;
      f.varint = undefined;
      f.children = undefined;
      f.bytes = new Uint8Array(new Float64Array([random.pick([NaN, Infinity, -Infinity, -0, 1e308, 5e-324])]).buffer);
      break;
    case 8: // a submessage's contents replaced by random bytes
      if (f.wire === 2) {
        f.children = undefined;
        f.bytes = random.bytes(random.size(64));
      } else {
        f.varint = BigInt(random.below(2 ** 31)) * BigInt(random.below(2 ** 31));
      }
      break;
    case 9: // a raw mutation inside one submessage, its length kept right
      if (f.children !== undefined) {
        f.bytes = mutateRawBytes(random, writeFields(f.children));
        f.children = undefined;
      } else if (f.bytes !== undefined) {
        f.bytes = mutateRawBytes(random, f.bytes);
      }
      break;
    case 10: // an unknown or out-of-range field number
      f.field = random.pick([0, 19, 1000, 536870911, 536870912, 2 ** 32 - 1]);
      if (f.field === 0 || f.field > 536870911) f.raw = concat(writeVarint(BigInt(f.field) << 3n | BigInt(f.wire)), random.bytes(4));
      break;
    default: { // a field cut short inside its enclosing message (lengths around it right), or the whole body cut
      const whole = writeFields([f]);
      if (random.chance(0.5)) {
        f.raw = whole.subarray(0, random.below(whole.length));
        break;
      }
      const body = writeFields(tree);
      return body.subarray(0, random.below(body.length + 1));
    }
  }
  return writeFields(tree);
}
