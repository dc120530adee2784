/**
 * How fast the ingest benchmark's protobuf bodies can be walked in JavaScript at all:
 * a floor under any decoder of them, to weigh what a decode fused with extraction
 * could save (issue 3's protobuf target). Not a decoder: it checks nothing a decoder
 * must (bounds, wire types, UTF-8, nesting) and understands only these bodies.
 *
 * - walk: every field's tag and length read, every attribute key compared with the
 *   key at its position in the span before (word by word, as the table decoder's
 *   memo does), every value read (doubles and varints as numbers, strings interned
 *   by a hash of their bytes); nothing kept.
 * - walk into columns: the same, each span's values then written into its model's
 *   columns (a Float64Array per numeric attribute, an array per string one), as a
 *   fused decode + extraction would leave them.
 *
 * Timed against decodeTracesTable and decodeTracesTable + SpanExtractor on the same
 * bodies, in the same run, on one thread. Run: npm run bench:walk-floor (prints JSON).
 */
import { SpanExtractor } from '../src/extract/span-extractor.js';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import { ProtobufReader } from '../src/otlp/protobuf/protobuf-reader.js';
import { ingestPayloads, THROUGHPUT_SHAPE } from './ingest-payloads.js';
import { machine } from './machine.js';

const MAX_ATTRIBUTES = 64;
const RUNS = 5;
const RUN_MS = 500;

/** A key's bytes as little-endian words, the tail bytes after them. */
interface KnownKey {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
}

/** A model's columns: numbers by attribute position, or strings. */
interface ModelColumns {
  rows: number;
  readonly numbers: (Float64Array | null)[];
  readonly strings: (string[] | null)[];
  readonly endTimes: number[];
  readonly spanIdsAt: number[];
}

class BodyWalker {
  #bytes: Buffer = Buffer.alloc(0);
  #view: DataView = new DataView(new ArrayBuffer(0));
  #pos = 0;
  #reader = new ProtobufReader(Buffer.alloc(0));
  readonly #keys: (KnownKey | undefined)[] = new Array(MAX_ATTRIBUTES).fill(undefined);
  readonly #texts = new Map<number, string>();
  readonly #numbers = new Float64Array(MAX_ATTRIBUTES);
  readonly #strings: string[] = new Array(MAX_ATTRIBUTES).fill('');
  /** 1 for a number, 0 for a string, 2 for anything else (skipped). */
  readonly #kinds = new Uint8Array(MAX_ATTRIBUTES);
  #models = new Map<string, ModelColumns>();
  /** Attributes read, so the walk cannot be optimized away. */
  attributes = 0;

  /** Walks a body; with `keep`, into per-model columns. Returns the spans. */
  walk(body: Buffer, keep: boolean): number {
    this.#bytes = body;
    this.#view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    this.#pos = 0;
    this.#reader = new ProtobufReader(body);
    this.#models = new Map();
    let spans = 0;
    // ResourceSpans (1), their ScopeSpans (2), their spans (2).
    this.#fields(body.length, 10, (resourceEnd) => this.#fields(resourceEnd, 18, (scopeEnd) => this.#fields(scopeEnd, 18, (spanEnd) => {
      this.#span(spanEnd, keep);
      spans++;
    })));
    return spans;
  }

  /** Each length-delimited field `tag` up to `end`, read by `read` (given its end); any other field skipped. */
  #fields(end: number, tag: number, read: (fieldEnd: number) => void): void {
    while (this.#pos < end) {
      const fieldTag = this.#varint();
      const fieldEnd = this.#length();
      if (fieldTag === tag) read(fieldEnd);
      this.#pos = fieldEnd;
    }
  }

  #span(end: number, keep: boolean): void {
    let attributes = 0;
    let endTime = 0;
    let spanIdAt = -1;
    while (this.#pos < end) {
      const tag = this.#varint();
      switch (tag) {
        case 18: spanIdAt = this.#pos + 1; this.#pos = this.#length(); break;
        case 65: endTime = this.#view.getUint32(this.#pos + 4, true); this.#pos += 8; break;
        case 74: this.#attribute(attributes++); break;
        default: this.#skip(tag);
      }
    }
    this.attributes += attributes;
    if (keep) this.#keep(attributes, endTime, spanIdAt);
  }

  #attribute(position: number): void {
    const end = this.#length();
    this.#pos++; // the key's tag
    const keyEnd = this.#length();
    this.#compareKey(position, this.#pos, keyEnd);
    this.#pos = keyEnd + 1; // the value's tag
    this.#length(); // the value's length: the attribute's end is enough here
    const valueTag = this.#bytes[this.#pos++];
    if (valueTag === 33) {
      this.#numbers[position] = this.#view.getFloat64(this.#pos, true);
      this.#kinds[position] = 1;
    } else if (valueTag === 24) {
      this.#numbers[position] = this.#varint64();
      this.#kinds[position] = 1;
    } else if (valueTag === 10) {
      const textEnd = this.#length();
      this.#strings[position] = this.#text(this.#pos, textEnd);
      this.#kinds[position] = 0;
    } else {
      this.#kinds[position] = 2;
    }
    this.#pos = end;
  }

  /** Whether the key at [start, end) is the one at `position` in the span before; remembers it when not. */
  #compareKey(position: number, start: number, end: number): boolean {
    const length = end - start;
    const known = this.#keys[position];
    if (known !== undefined && known.bytes.length === length) {
      const words = known.words;
      let w = 0;
      while (w < words.length && this.#view.getInt32(start + 4 * w, true) === words[w]) w++;
      let i = 4 * w;
      if (w === words.length) while (i < length && known.bytes[i] === this.#bytes[start + i]) i++;
      if (i === length) return true;
    }
    const bytes = new Uint8Array(this.#bytes.subarray(start, end));
    const words = new Int32Array(length >>> 2);
    for (let w = 0; w < words.length; w++) words[w] = this.#view.getInt32(start + 4 * w, true);
    this.#keys[position] = { bytes, words };
    return false;
  }

  #text(start: number, end: number): string {
    let hash = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ this.#bytes[i], 0x01000193);
    let text = this.#texts.get(hash);
    if (text === undefined) this.#texts.set(hash, text = this.#bytes.toString('utf8', start, end));
    return text;
  }

  #keep(attributes: number, endTime: number, spanIdAt: number): void {
    // The model name is the first attribute of these spans.
    const model = this.#strings[0];
    let columns = this.#models.get(model);
    if (columns === undefined) {
      columns = { rows: 0, numbers: [], strings: [], endTimes: [], spanIdsAt: [] };
      for (let p = 0; p < attributes; p++) {
        columns.numbers.push(this.#kinds[p] === 1 ? new Float64Array(THROUGHPUT_SHAPE.spansPerRequest) : null);
        columns.strings.push(this.#kinds[p] === 0 ? [] : null);
      }
      this.#models.set(model, columns);
    }
    const row = columns.rows++;
    for (let p = 0; p < attributes; p++) {
      const numbers = columns.numbers[p];
      if (numbers !== null) numbers[row] = this.#numbers[p];
      else columns.strings[p]?.push(this.#strings[p]);
    }
    columns.endTimes.push(endTime);
    columns.spanIdsAt.push(spanIdAt);
  }

  /** The sum of the numbers in the columns of the last body walked with `keep`, and the strings' count. */
  checksum(): { sum: number; strings: number } {
    let sum = 0;
    let strings = 0;
    for (const columns of this.#models.values()) {
      for (const numbers of columns.numbers) if (numbers !== null) for (let row = 0; row < columns.rows; row++) sum += numbers[row];
      for (const texts of columns.strings) strings += texts?.length ?? 0;
    }
    return { sum, strings };
  }

  #length(): number {
    const length = this.#varint();
    return this.#pos + length;
  }

  #varint(): number {
    let byte = this.#bytes[this.#pos++];
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    for (let shift = 7; shift < 35; shift += 7) {
      byte = this.#bytes[this.#pos++];
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error(`a varint past 32 bits at byte ${this.#pos}`);
  }

  /** An int64 varint, by the receiver's own reader (rare in these bodies: the integer features). */
  #varint64(): number {
    const reader = this.#reader;
    reader.pos = this.#pos;
    const value = reader.int64();
    this.#pos = reader.pos;
    return value;
  }

  /** A span field the walk does not read, by the receiver's own reader. */
  #skip(tag: number): void {
    const reader = this.#reader;
    reader.pos = this.#pos;
    reader.skip(tag);
    this.#pos = reader.pos;
  }
}

/** µs a span: the median of RUNS runs of at least RUN_MS over the bodies in turn, after a warm-up. */
function microsPerSpan(bodies: readonly Buffer[], pass: (body: Buffer) => number): { median: number; runs: number[] } {
  for (let i = 0; i < 200; i++) pass(bodies[i % bodies.length]);
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let spans = 0;
    let i = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < RUN_MS) {
      spans += pass(bodies[i++ % bodies.length]);
      elapsed = performance.now() - start;
    }
    runs.push(Number(((1000 * elapsed) / spans).toFixed(3)));
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(RUNS / 2)], runs };
}

/** The table decoder's sum of numeric attribute values and count of string ones: what the walk must have read too. */
function decodedChecksum(body: Buffer): { sum: number; strings: number } {
  const table = decodeTracesTable(body);
  let sum = 0;
  let strings = 0;
  for (let a = 0; a < table.attributeCount; a++) {
    const value = table.value(a);
    if (typeof value === 'number') sum += value;
    else if (typeof value === 'string') strings++;
  }
  return { sum, strings };
}

const payloads = await ingestPayloads(THROUGHPUT_SHAPE);
const bodies = payloads.protobuf;
const walker = new BodyWalker();
for (const body of bodies) {
  walker.walk(body, true);
  const walked = walker.checksum();
  const decoded = decodedChecksum(body);
  // Summed in another order: equal to rounding.
  if (walked.strings !== decoded.strings || Math.abs(walked.sum - decoded.sum) > 1e-9 * Math.abs(decoded.sum)) {
    throw new Error(`the walk read other values than the decoder: ${JSON.stringify({ walked, decoded })}`);
  }
}
const extractor = new SpanExtractor({ acceptInferences: () => undefined, acceptFeedback: () => undefined });
const tableDecode = (body: Buffer) => decodeTracesTable(body).size;
const decodeAndExtract = (body: Buffer) => {
  const table = decodeTracesTable(body);
  extractor.consumeSpanTable(table);
  return table.size;
};
const figures = {
  tableDecode: microsPerSpan(bodies, tableDecode),
  decodeAndExtract: microsPerSpan(bodies, decodeAndExtract),
  walk: microsPerSpan(bodies, (body) => walker.walk(body, false)),
  walkIntoColumns: microsPerSpan(bodies, (body) => walker.walk(body, true)),
  tableDecodeAgain: microsPerSpan(bodies, tableDecode),
};
if (walker.attributes === 0) throw new Error('the walk read no attribute');

console.log(JSON.stringify({
  benchmark: 'walk-floor',
  machine: machine(),
  method: `bench:ingest's protobuf bodies (${THROUGHPUT_SHAPE.spansPerRequest} spans, ${payloads.attributesPerSpan} attributes a span), `
    + `in turn, one thread; median of ${RUNS} runs of >= ${RUN_MS} ms after 200 warm-up passes; walk and walkIntoColumns are `
    + 'not decoders (no checks): see the header of bench/walk-floor.ts',
  microsecondsPerSpan: Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, figure.median])),
  runs: Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, figure.runs])),
}, null, 2));
