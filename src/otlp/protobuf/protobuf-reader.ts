import { OtlpDecodeError } from '../decode-error.js';
import { MAX_NESTING } from '../decode-limits.js';
import { hexOf } from '../hex-id.js';
import { unixMillis } from '../unix-millis.js';

/**
 * Wire types of the protobuf encoding (https://protobuf.dev/programming-guides/encoding/).
 * A tag is `field number << 3 | wire type`; the decoders switch on whole tags, so a
 * field sent with an unexpected wire type falls through to `skip` like an unknown one.
 */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

const TWO_POW_32 = 4294967296;

/**
 * Recently decoded short strings, by a hash of their bytes: attribute keys, span names
 * and categorical values repeat across spans and requests, so most strings come from
 * here without decoding and as the same string object, whose hash is already
 * computed when it becomes a Map key downstream. Direct-mapped and fixed in size:
 * memory stays bounded whatever the traffic; a collision just replaces the entry.
 */
const INTERN_SLOTS = 4096;
const INTERN_MAX_BYTES = 48;
const internedBytes: Array<Uint8Array | undefined> = new Array(INTERN_SLOTS).fill(undefined);
const internedStrings: string[] = new Array(INTERN_SLOTS).fill('');


/**
 * A cursor over one protobuf message, reading the wire format directly into
 * JavaScript values: the decoders build modelwatch's data model field by field,
 * with no intermediate message objects. Every read checks the buffer's end and
 * throws an OtlpDecodeError naming the byte offset; a nested message's end is
 * checked by its decoder (`expectEnd`), so a length that lies is caught too.
 */
export class ProtobufReader {
  /** Offset of the next byte to read. */
  pos = 0;
  private readonly bytes: Buffer;
  private readonly view: DataView;
  private readonly length: number;
  /** The halves of the last 64-bit varint read, kept here so reading one allocates nothing. */
  private lo = 0;
  private hi = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** A varint of at most 32 significant bits (tags, lengths, enums, uint32); higher bits are dropped, as protobuf does. */
  uint32(): number {
    const first = this.bytes[this.pos];
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    return this.uint32Slow();
  }

  private uint32Slow(): number {
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= this.length) throw this.truncated();
      const byte = this.bytes[pos++];
      if (shift < 32) value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw this.malformed('a varint longer than 10 bytes');
  }

  /** An int32 or enum: the low 32 bits of the varint, signed. */
  int32(): number {
    return this.uint32() | 0;
  }

  /** A sint32 (zigzag-encoded). */
  sint32(): number {
    const n = this.uint32();
    return (n >>> 1) ^ -(n & 1);
  }

  bool(): boolean {
    const first = this.bytes[this.pos];
    if (first < 0x80) {
      this.pos++;
      return first !== 0;
    }
    this.varint64();
    return this.lo !== 0 || this.hi !== 0;
  }

  /** An int64 varint as a number: exact up to 2^53, rounded beyond. */
  int64(): number {
    const first = this.bytes[this.pos];
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    this.varint64();
    return signed64(this.lo, this.hi);
  }

  /** A uint64 varint as a number: exact up to 2^53, rounded beyond. */
  uint64(): number {
    const first = this.bytes[this.pos];
    if (first < 0x80) {
      this.pos++;
      return first;
    }
    this.varint64();
    return this.hi * TWO_POW_32 + this.lo;
  }

  private varint64(): void {
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= this.length) throw this.truncated();
      const byte = this.bytes[pos++];
      const bits = byte & 0x7f;
      if (shift < 28) lo |= bits << shift;
      else if (shift === 28) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (shift - 32);
      if (byte < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw this.malformed('a varint longer than 10 bytes');
  }

  fixed32(): number {
    this.need(4);
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** A fixed64 as a number: exact up to 2^53, rounded beyond. */
  fixed64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi * TWO_POW_32 + lo;
  }

  /** An sfixed64 as a number: exact within ±2^53, rounded beyond. */
  sfixed64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return signed64(lo, hi);
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /**
   * A fixed64 of Unix nanoseconds as Unix milliseconds (src/otlp/unix-millis.ts).
   * 2^32 ns = 4294 ms + 967296 ns, so nanos = hi·4294·1e6 + (hi·967296 + lo), where
   * the bracket stays below 2^53: both parts are split exactly without BigInt.
   */
  unixMillis(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    const rest = hi * 967296 + lo;
    const remainder = rest % 1e6;
    return unixMillis(hi * 4294 + (rest - remainder) / 1e6, remainder);
  }

  /** Reads a length prefix and returns where the length-delimited value ends. */
  end(): number {
    const length = this.uint32();
    const end = this.pos + length;
    if (end > this.length) throw this.truncated();
    return end;
  }

  /** Throws unless a nested message's fields ended exactly where its length said. */
  expectEnd(end: number): void {
    if (this.pos !== end) throw this.malformed(`a field runs ${this.pos - end} bytes past the end of its message`);
  }

  /** A string field as UTF-8 (invalid sequences become U+FFFD); short ones come from the string cache above. */
  string(): string {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    return this.text(start, end);
  }

  /** The UTF-8 text of bytes [start, end), from the string cache when short. */
  private text(start: number, end: number): string {
    const length = end - start;
    if (length === 0) return '';
    if (length > INTERN_MAX_BYTES) return this.bytes.toString('utf8', start, end);
    const bytes = this.bytes;
    // FNV-1a over the bytes, seeded with the length.
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    const slot = (hash >>> 0) & (INTERN_SLOTS - 1);
    const cached = internedBytes[slot];
    if (cached !== undefined && cached.length === length) {
      let i = 0;
      while (i < length && cached[i] === bytes[start + i]) i++;
      if (i === length) return internedStrings[slot];
    }
    const text = bytes.toString('utf8', start, end);
    internedBytes[slot] = new Uint8Array(bytes.subarray(start, end));
    internedStrings[slot] = text;
    return text;
  }

  /**
   * A string field that is likely to equal the one `memo` holds at `slot`: attribute
   * keys come in the same order in every span of a service, so comparing the bytes
   * with those of the key read last at the same position finds it without hashing
   * them for the string cache (about twice the byte work, and on the ingest path
   * reading keys was most of decoding). Any other string is read as `string()` reads
   * it, and becomes the slot's.
   */
  memoString(memo: StringMemo, slot: number): string {
    const end = this.end();
    const start = this.pos;
    const length = end - start;
    const known = memo.bytes[slot];
    if (known !== undefined && known.length === length) {
      // Four bytes at a time: a byte loop here was a quarter of decoding.
      const words = memo.words[slot];
      const view = this.view;
      let w = 0;
      while (w < words.length && view.getInt32(start + 4 * w, true) === words[w]) w++;
      if (w === words.length) {
        const bytes = this.bytes;
        let i = 4 * w;
        while (i < length && known[i] === bytes[start + i]) i++;
        if (i === length) {
          this.pos = end;
          return memo.strings[slot];
        }
      }
    }
    this.pos = end;
    const text = this.text(start, end);
    if (length <= INTERN_MAX_BYTES) memo.remember(slot, new Uint8Array(this.bytes.subarray(start, end)), text);
    return text;
  }

  /** A copy of a bytes field, as a plain Uint8Array independent of the request buffer. */
  bytesField(): Uint8Array {
    const end = this.end();
    const copy = new Uint8Array(end - this.pos);
    copy.set(this.bytes.subarray(this.pos, end));
    this.pos = end;
    return copy;
  }

  /**
   * A trace or span id as lower-case hex: '' when empty (OTLP's "no id"), else it
   * must have exactly `size` bytes.
   */
  hexId(size: number, field: string): string {
    const at = this.idAt(size, field);
    return at < 0 ? '' : hexOf(this.bytes, at, size);
  }

  /**
   * Where a trace or span id's bytes start, checked as hexId checks them, or -1 when
   * it is empty: for a decoder that makes the hex only if it is asked for (hexOf).
   */
  idAt(size: number, field: string): number {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    if (end === start) return -1;
    if (end - start !== size) {
      throw new OtlpDecodeError(field, `${end - start} bytes at byte ${start}, expected ${size} or none`);
    }
    return start;
  }

  /** Steps over a field this decoder does not read, whatever its wire type (groups included). */
  skip(tag: number, depth = 0): void {
    if (tag >>> 3 === 0) throw this.malformed('field number 0, which protobuf reserves');
    switch (tag & 7) {
      case WireType.VARINT:
        this.uint32Slow();
        return;
      case WireType.I64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.LEN:
        this.pos = this.end();
        return;
      case WireType.I32:
        this.need(4);
        this.pos += 4;
        return;
      case WireType.SGROUP: {
        if (depth >= MAX_NESTING) throw this.malformed(`groups nested deeper than ${MAX_NESTING}`);
        const field = tag >>> 3;
        for (;;) {
          if (this.pos >= this.length) throw this.truncated();
          const inner = this.uint32();
          if ((inner & 7) === WireType.EGROUP) {
            if (inner >>> 3 !== field) throw this.malformed(`group ${field} closed as group ${inner >>> 3}`);
            return;
          }
          this.skip(inner, depth + 1);
        }
      }
      default:
        throw this.malformed(`wire type ${tag & 7} (field ${tag >>> 3}) is not a valid wire type here`);
    }
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.length) throw this.truncated();
  }

  private truncated(): OtlpDecodeError {
    return new OtlpDecodeError('', `the protobuf message is truncated at byte ${this.pos} of ${this.length}`);
  }

  private malformed(what: string): OtlpDecodeError {
    return new OtlpDecodeError('', `malformed protobuf at byte ${this.pos}: ${what}`);
  }
}

/**
 * Strings by slot for ProtobufReader.memoString, with their UTF-8 bytes: fixed in
 * size, each slot holding the last short string read for it.
 */
export class StringMemo {
  readonly bytes: Array<Uint8Array | undefined>;
  /** The bytes as little-endian 32-bit words, the last partial word left out. */
  readonly words: Int32Array[];
  readonly strings: string[];

  constructor(readonly slots: number) {
    this.bytes = new Array<Uint8Array | undefined>(slots).fill(undefined);
    this.words = new Array<Int32Array>(slots).fill(new Int32Array(0));
    this.strings = new Array<string>(slots).fill('');
  }

  remember(slot: number, bytes: Uint8Array, text: string): void {
    const words = new Int32Array(bytes.length >>> 2);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let w = 0; w < words.length; w++) words[w] = view.getInt32(4 * w, true);
    this.bytes[slot] = bytes;
    this.words[slot] = words;
    this.strings[slot] = text;
  }
}

/** Two's complement 64-bit integer from its halves, as a number. */
function signed64(lo: number, hi: number): number {
  if ((hi & 0x80000000) === 0) return hi * TWO_POW_32 + lo;
  const negLo = (~lo + 1) >>> 0;
  const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
  return -(negHi * TWO_POW_32 + negLo);
}
