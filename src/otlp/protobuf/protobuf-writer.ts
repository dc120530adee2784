import { WireType } from './protobuf-reader.js';

const TWO_POW_32 = 4294967296;

/**
 * Writes protobuf fields into a growing buffer. Small and plain: modelwatch only
 * encodes its short OTLP responses (and tests build request bodies with it); the
 * hot path is decoding.
 */
export class ProtobufWriter {
  private buffer = new Uint8Array(64);
  private length = 0;

  /** A varint of a non-negative integer up to 2^53, or of a negative one as 10-byte two's complement (int64). */
  varint(value: number): this {
    if (value < 0) {
      let lo = Number(BigInt.asUintN(32, BigInt(value)));
      let hi = Number(BigInt.asUintN(32, BigInt(value) >> 32n));
      for (let i = 0; i < 10; i++) {
        const byte = lo & 0x7f;
        lo = ((lo >>> 7) | (hi << 25)) >>> 0;
        hi = hi >>> 7;
        this.byte(i === 9 ? byte : byte | 0x80);
      }
      return this;
    }
    let n = value;
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    return this.byte(n);
  }

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** A varint field (int32, int64, uint64, enum, bool as 0/1). */
  varintField(field: number, value: number): this {
    return this.tag(field, WireType.VARINT).varint(value);
  }

  /** A sint32 field (zigzag). */
  sint32Field(field: number, value: number): this {
    return this.varintField(field, ((value << 1) ^ (value >> 31)) >>> 0);
  }

  fixed64Field(field: number, value: number): this {
    this.tag(field, WireType.I64);
    return this.fixed64(value);
  }

  fixed64(value: number): this {
    this.reserve(8);
    const view = this.view();
    view.setUint32(this.length, value % TWO_POW_32, true);
    view.setUint32(this.length + 4, Math.floor(value / TWO_POW_32), true);
    this.length += 8;
    return this;
  }

  doubleField(field: number, value: number): this {
    this.tag(field, WireType.I64);
    return this.double(value);
  }

  double(value: number): this {
    this.reserve(8);
    this.view().setFloat64(this.length, value, true);
    this.length += 8;
    return this;
  }

  fixed32Field(field: number, value: number): this {
    this.tag(field, WireType.I32);
    this.reserve(4);
    this.view().setUint32(this.length, value, true);
    this.length += 4;
    return this;
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, 'utf8'));
  }

  /** A bytes field, or an embedded message given as its encoded bytes. */
  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LEN).varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** An embedded message written by `write` into a writer of its own. */
  messageField(field: number, write: (writer: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytesField(field, inner.finish());
  }

  /** Raw bytes, as they are (a test writes malformed messages with it). */
  raw(bytes: Uint8Array | readonly number[]): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private view(): DataView {
    return new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  private byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
