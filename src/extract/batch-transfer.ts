import { hexOf } from '../otlp/hex-id.js';
import { LazySpanIds, SPAN_ID_BYTES, TRACE_ID_BYTES, type SpanIdentity } from '../otlp/span-table.js';
import type { FeatureValue, InferenceBatch, InferenceRow } from './inference-batch.js';
import { SingleRowBatch, type SingleRowFields } from './single-row-batch.js';
import { SpanRowsBatch } from './span-rows-batch.js';
import { TableRowsBatch, type RowColumns, type SpanIdsByIndex } from './table-rows.js';

/**
 * InferenceBatches packed for the trip from the thread that decodes and extracts a
 * request to the event loop that keeps the profiles (src/ingest-threads), and made
 * again there as the same classes with the same values, so the registry cannot tell
 * them from batches extracted in place.
 *
 * The run read by position (TableRowsBatch, nearly every span of an instrumented
 * service) is what must cost little: its numbers and the codes of its texts go into
 * one buffer per request, shared memory the event loop lends, with each text sent
 * once per thread (a dictionary both sides keep); feature names go once per set;
 * span ids go as where their bytes start in the request body, which the event loop
 * still has. A structured clone would copy every value and string one by one; in a
 * prototype that sent a Float64Array per column and each row's id as hex, packing was
 * 28% of the extraction thread's busy time, and sending the columns in one buffer
 * took throughput from 314,000-318,000 to 366,000-371,000 spans/s (no HTTP, same
 * bodies). Any other batch (a run's head, spans read whole, multi-row and LLM spans)
 * is rarer and goes as a structured clone of its members.
 */

/**
 * Past this many texts, this many characters of them, or this many sets of feature
 * names, the dictionaries start again: a feature of ids, or spans naming features
 * anew, would grow them without end.
 */
const MAX_TEXTS = 1 << 16;
const MAX_TEXT_CHARS = 1 << 23;
const MAX_NAME_SETS = 1 << 12;

/** A column in the slabs: `length` numbers from `at`, or (mixed) codes from `at` with the numbers among them at `numbersAt`. */
interface SentColumn {
  readonly length: number;
  readonly at: number;
  /** -1 when every value is a number (they are in the numbers slab at `at`). */
  readonly numbersAt: number;
}

/** Codes of a mixed column that are not dictionary entries. */
const NUMBER_CODE = -1;
const UNDEFINED_CODE = -2;

interface SentSingle {
  readonly fields: Omit<SingleRowFields, 'ids' | 'row'> & { readonly traceId: string; readonly spanId: string };
  readonly names: number;
  readonly values: readonly FeatureValue[];
  readonly prediction: FeatureValue | undefined;
  readonly score: number | null | undefined;
}

interface SentTableRows {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly errorType: string | undefined;
  readonly probabilityClasses: readonly string[] | undefined;
  readonly names: number;
  readonly features: readonly SentColumn[];
  readonly predictions: SentColumn | undefined;
  readonly scores: SentColumn | undefined;
  readonly labels: SentColumn | undefined;
  readonly probabilities: readonly SentColumn[] | undefined;
  readonly times: SentColumn;
  /** Each row's span id and trace id offsets in the body (2 a row, -1 for none), in the codes slab. */
  readonly idsAt: number;
  readonly inferenceIds: readonly string[] | undefined;
}

/** The members of an InferenceBatch that is none of the classes above (multi-row and LLM spans). */
type PlainBatch = Omit<InferenceBatch, 'spanOfRow' | 'rowOf' | 'inferenceIdOf'> & { readonly spansOfRows?: SpanIdentity[] };

type SentBatch =
  | { readonly kind: 'single'; readonly single: SentSingle }
  | { readonly kind: 'table'; readonly table: SentTableRows }
  | { readonly kind: 'spanRows'; readonly spans: readonly SentSingle[] }
  | { readonly kind: 'plain'; readonly plain: PlainBatch };

/** One request's batches, in the order they were handed on, and what they need to be made again. */
export interface SentBatches {
  readonly batches: readonly SentBatch[];
  /**
   * The numbers (Float64) then the codes (Int32) of the columns, in memory both
   * threads share: the one the receiving side lent (`pack`'s `into`), or a larger one
   * made when it was too small, for the receiving side to keep.
   */
  readonly slabs: SharedArrayBuffer;
  /** Whether `slabs` is a buffer made here (the one lent was too small); a shared buffer sent is a new object on the other side either way. */
  readonly slabsGrown: boolean;
  readonly numbers: number;
  readonly codes: number;
  /**
   * The dictionaries (texts and name sets) start again with this message: the other
   * side forgets what it kept before adding `newTexts` and `newNames`. A packer's
   * first message says so too, so a thread started again after one died is read
   * with an empty mirror.
   */
  readonly fresh: boolean;
  readonly newTexts: readonly (string | boolean | null)[];
  readonly newNames: readonly (readonly string[])[];
}

/** A typed array filled from the start, grown by doubling. */
class Slab<T extends Float64Array | Int32Array> {
  array: T;
  length = 0;

  constructor(readonly make: (size: number) => T, size: number) {
    this.array = make(size);
  }

  reserve(count: number): number {
    const at = this.length;
    if (at + count > this.array.length) {
      const grown = this.make(Math.max(2 * this.array.length, at + count));
      grown.set(this.array.subarray(0, at) as never);
      this.array = grown;
    }
    this.length = at + count;
    return at;
  }
}

/** The sending side, one per thread: keeps the dictionary of texts and the name sets sent so far. */
export class BatchPacker {
  readonly #maxTexts: number;
  readonly #maxNameSets: number;
  readonly #codeOf = new Map<string | boolean | null, number>();
  readonly #nameSetOf = new Map<readonly string[], number>();
  #textChars = 0;
  #newTexts: (string | boolean | null)[] = [];
  #fresh = true;
  #newNames: (readonly string[])[] = [];
  readonly #numbers = new Slab((size) => new Float64Array(size), 1 << 14);
  readonly #codes = new Slab((size) => new Int32Array(size), 1 << 12);

  /** The bounds of the dictionaries, past which they start again at the next message (tests make them small). */
  constructor(bounds: { readonly maxTexts?: number; readonly maxNameSets?: number } = {}) {
    this.#maxTexts = bounds.maxTexts ?? MAX_TEXTS;
    this.#maxNameSets = bounds.maxNameSets ?? MAX_NAME_SETS;
  }

  /**
   * The batches as one message, their columns copied into `into` (or a larger shared
   * buffer, when they do not fit). Span ids are sent as where they start in the body,
   * which the other side has.
   * @param spanIdsAt where each span's id starts in the body (SpanTable.spanIdsAt), for TableRowsBatch rows
   */
  pack(batches: readonly InferenceBatch[], spanIdsAt: readonly number[], traceIdsAt: readonly number[], into: SharedArrayBuffer): SentBatches {
    this.#numbers.length = 0;
    this.#codes.length = 0;
    // Only between messages: the codes of a message all refer to one dictionary. Within one it grows by a request's texts at most.
    if (this.#codeOf.size >= this.#maxTexts || this.#textChars > MAX_TEXT_CHARS || this.#nameSetOf.size >= this.#maxNameSets) this.#restart();
    const sentBatches = batches.map((batch): SentBatch => {
      if (batch instanceof TableRowsBatch) return { kind: 'table', table: this.#tableRows(batch, spanIdsAt, traceIdsAt) };
      if (batch instanceof SingleRowBatch) return { kind: 'single', single: this.#single(batch) };
      if (batch instanceof SpanRowsBatch) return { kind: 'spanRows', spans: batch.spans.map((span) => this.#single(span)) };
      return { kind: 'plain', plain: plainBatch(batch) };
    });
    const numbers = this.#numbers.length;
    const codes = this.#codes.length;
    const bytes = 8 * numbers + 4 * codes;
    // Half again as large when it grows, so the next requests of about this size fit.
    const slabs = into.byteLength >= bytes ? into : new SharedArrayBuffer(Math.ceil(1.5 * bytes));
    new Float64Array(slabs, 0, numbers).set(this.#numbers.array.subarray(0, numbers));
    new Int32Array(slabs, 8 * numbers, codes).set(this.#codes.array.subarray(0, codes));
    const sent: SentBatches = {
      batches: sentBatches, slabs, slabsGrown: slabs !== into, numbers, codes, fresh: this.#fresh, newTexts: this.#newTexts, newNames: this.#newNames,
    };
    this.#fresh = false;
    this.#newTexts = [];
    this.#newNames = [];
    return sent;
  }

  #single(batch: SingleRowBatch): SentSingle {
    const row = batch.row;
    return {
      fields: {
        model: batch.model, version: batch.version, task: batch.task, timeUnixMs: batch.timeUnixMs, errorType: batch.errorType,
        traceId: batch.traceId, spanId: batch.spanId, inferenceId: batch.explicitInferenceId, label: batch.label,
        probabilityClasses: batch.probabilityClasses, probabilityValues: batch.probabilityValues,
      },
      names: this.#names(row.featureNames), values: row.featureValues, prediction: row.prediction, score: row.score,
    };
  }

  #tableRows(batch: TableRowsBatch, spanIdsAt: readonly number[], traceIdsAt: readonly number[]): SentTableRows {
    const columns = batch.columns;
    const spans = columns.spans;
    const idsAt = this.#codes.reserve(2 * spans.length);
    const codes = this.#codes.array;
    for (let row = 0; row < spans.length; row++) {
      codes[idsAt + 2 * row] = spanIdsAt[spans[row]];
      codes[idsAt + 2 * row + 1] = traceIdsAt[spans[row]];
    }
    const column = (values: readonly FeatureValue[] | undefined) => (values === undefined ? undefined : this.#column(values));
    return {
      model: batch.model, version: batch.version, task: batch.task, errorType: batch.errorType,
      probabilityClasses: batch.probabilities === undefined ? undefined : [...batch.probabilities.keys()],
      names: this.#names(batch.featureNames),
      features: columns.features.map((values) => this.#column(values)),
      predictions: column(columns.predictions), scores: column(columns.scores), labels: column(columns.labels),
      probabilities: columns.probabilities?.map((values) => this.#column(values)),
      times: this.#column(columns.times), idsAt, inferenceIds: columns.inferenceIds,
    };
  }

  #names(names: readonly string[]): number {
    let code = this.#nameSetOf.get(names);
    if (code === undefined) {
      this.#nameSetOf.set(names, code = this.#nameSetOf.size);
      this.#newNames.push(names);
    }
    return code;
  }

  #column(values: ArrayLike<FeatureValue | undefined>): SentColumn {
    const length = values.length;
    const numbers = this.#numbers;
    const at = numbers.reserve(length);
    const slab = numbers.array;
    let row = 0;
    for (; row < length; row++) {
      const value = values[row];
      if (typeof value !== 'number') break;
      slab[at + row] = value;
    }
    if (row === length) return { length, at, numbersAt: -1 };
    const codesAt = this.#codes.reserve(length);
    const codes = this.#codes.array;
    for (row = 0; row < length; row++) {
      const value = values[row];
      if (typeof value === 'number') {
        slab[at + row] = value;
        codes[codesAt + row] = NUMBER_CODE;
      } else codes[codesAt + row] = value === undefined ? UNDEFINED_CODE : this.#text(value);
    }
    return { length, at: codesAt, numbersAt: at };
  }

  #text(value: string | boolean | null): number {
    let code = this.#codeOf.get(value);
    if (code !== undefined) return code;
    code = this.#codeOf.size;
    this.#codeOf.set(value, code);
    if (typeof value === 'string') this.#textChars += value.length;
    this.#newTexts.push(value);
    return code;
  }

  #restart(): void {
    this.#codeOf.clear();
    this.#textChars = 0;
    this.#newTexts = [];
    this.#nameSetOf.clear();
    this.#newNames = [];
    this.#fresh = true;
  }
}

/** The members of a batch of no class this module knows, as plain data. */
function plainBatch(batch: InferenceBatch): PlainBatch {
  const plain: Record<string, unknown> = {
    model: batch.model, version: batch.version, task: batch.task, rows: batch.rows, timeUnixMs: batch.timeUnixMs,
    traceId: batch.traceId, spanId: batch.spanId, inferenceIds: batch.inferenceIds, features: batch.features,
  };
  const optional = ['timesUnixMs', 'predictions', 'scores', 'probabilities', 'labels', 'errorType', 'row', 'featureColumns', 'featureNames'] as const;
  for (const key of optional) if (batch[key] !== undefined) plain[key] = batch[key];
  if (batch.spanOfRow !== undefined) {
    plain.spansOfRows = Array.from({ length: batch.rows }, (_, row) => {
      const ids = batch.spanOfRow!(row);
      return { traceId: ids.traceId, spanId: ids.spanId };
    });
  }
  return plain as unknown as PlainBatch;
}

/** A row's ids in the copy copiedSpanIds makes: its trace id, then its span id. */
const ROW_ID_BYTES = TRACE_ID_BYTES + SPAN_ID_BYTES;

/**
 * The span ids of a TableRowsBatch's rows, copied out of the request body by the
 * offsets sent with it (`codes[at + 2r]` row r's span id, `codes[at + 2r + 1]` its
 * trace id, -1 for none): the body may be memory lent again once the batch is made
 * (ThreadedSpanExtraction.bodyPool), and the registry may keep a row's ids.
 */
function copiedSpanIds(body: Uint8Array, codes: Int32Array, at: number, rows: number): CopiedSpanIds {
  const ids = new Uint8Array(rows * ROW_ID_BYTES);
  // Four bytes at a time (ids are 16 and 8 bytes): a subarray per id to copy from would
  // allocate more than it copies (46 µs for 512 rows, against 7 this way and 16 byte by byte).
  const from = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const to = new DataView(ids.buffer);
  // Filled by index, not Array.from (which walks the view through its iterator, 17 ns a value).
  const offsets = new Array<number>(2 * rows);
  for (let row = 0; row < rows; row++) {
    const spanAt = codes[at + 2 * row];
    const traceAt = codes[at + 2 * row + 1];
    const copyAt = row * ROW_ID_BYTES;
    if (traceAt >= 0) for (let k = 0; k < TRACE_ID_BYTES; k += 4) to.setUint32(copyAt + k, from.getUint32(traceAt + k));
    if (spanAt >= 0) for (let k = 0; k < SPAN_ID_BYTES; k += 4) to.setUint32(copyAt + TRACE_ID_BYTES + k, from.getUint32(spanAt + k));
    offsets[2 * row] = spanAt < 0 ? -1 : copyAt + TRACE_ID_BYTES;
    offsets[2 * row + 1] = traceAt < 0 ? -1 : copyAt;
  }
  return new CopiedSpanIds(ids, offsets);
}

/** Span ids read from bytes by offsets: row r's span id at offsets[2r], its trace id at offsets[2r + 1]. */
class CopiedSpanIds implements SpanIdsByIndex {
  readonly #bytes: Uint8Array;
  readonly #offsets: readonly number[];

  constructor(bytes: Uint8Array, offsets: readonly number[]) {
    this.#bytes = bytes;
    this.#offsets = offsets;
  }

  traceId(i: number): string {
    const at = this.#offsets[2 * i + 1];
    return at < 0 ? '' : hexOf(this.#bytes, at, TRACE_ID_BYTES);
  }

  spanId(i: number): string {
    const at = this.#offsets[2 * i];
    return at < 0 ? '' : hexOf(this.#bytes, at, SPAN_ID_BYTES);
  }

  spanIds(i: number): SpanIdentity {
    return new LazySpanIds(this.#bytes, this.#offsets[2 * i + 1], this.#offsets[2 * i]);
  }
}

/** The slabs' two typed arrays. */
interface Slabs {
  readonly numbers: Float64Array;
  readonly codes: Int32Array;
}

/** The receiving side, one per sending thread: keeps the mirror of its dictionary and name sets. */
export class BatchUnpacker {
  #texts: (string | boolean | null)[] = [];
  #names: (readonly string[])[] = [];

  /**
   * The batches as the other thread had them, holding nothing of the shared slabs
   * (which are lent again at once) nor of the body (which may be too): the registry
   * may keep a batch (a version held while peers are asked) or its columns.
   * @param body the request body the other thread read
   */
  unpack(sent: SentBatches, body: Uint8Array): InferenceBatch[] {
    if (sent.fresh) {
      this.#texts = [];
      this.#names = [];
    }
    for (const text of sent.newTexts) this.#texts.push(text);
    for (const names of sent.newNames) this.#names.push(names);
    const slabs: Slabs = { numbers: new Float64Array(sent.slabs, 0, sent.numbers), codes: new Int32Array(sent.slabs, 8 * sent.numbers, sent.codes) };
    let numbersCopy: Float64Array | undefined;
    const numbers = () => (numbersCopy ??= slabs.numbers.slice());
    return sent.batches.map((batch) => {
      switch (batch.kind) {
        case 'table': return this.#tableRows(batch.table, slabs, numbers, body);
        case 'single': return this.#single(batch.single);
        case 'spanRows': return new SpanRowsBatch(batch.spans.map((span) => this.#single(span)));
        case 'plain': return plainBatchAgain(batch.plain);
      }
    });
  }

  #single(sent: SentSingle): SingleRowBatch {
    const { traceId, spanId, ...fields } = sent.fields;
    const row: InferenceRow = { featureNames: this.#names[sent.names], featureValues: sent.values, prediction: sent.prediction, score: sent.score };
    return new SingleRowBatch({ ...fields, ids: { traceId, spanId }, row });
  }

  /**
   * @param numbers the request's numbers slab, copied on first call: a feature column of
   * numbers only is a view of that copy (the window's numeric profiles add it as it is;
   * making an array of each was a tenth of the event loop's work at bench:ingest's thread ceiling)
   */
  #tableRows(sent: SentTableRows, slabs: Slabs, numbers: () => Float64Array, body: Uint8Array): TableRowsBatch {
    const column = <T extends FeatureValue>(at: SentColumn) => this.#column(at, slabs) as T[];
    const optional = <T extends FeatureValue>(at: SentColumn | undefined) => (at === undefined ? undefined : column<T>(at));
    const feature = (at: SentColumn) => (at.numbersAt < 0 ? numbers().subarray(at.at, at.at + at.length) : column(at));
    const times = column<number>(sent.times);
    const columns: RowColumns = {
      features: sent.features.map(feature),
      predictions: optional(sent.predictions), scores: optional<number | null>(sent.scores) as (number | null)[] | undefined,
      labels: optional(sent.labels), probabilities: sent.probabilities?.map((at) => column<number | null>(at) as (number | null)[]),
      times, spans: times.map((_, row) => row), inferenceIds: sent.inferenceIds as string[] | undefined,
    };
    const head = {
      model: sent.model, version: sent.version, task: sent.task, errorType: sent.errorType,
      probabilityClasses: sent.probabilityClasses, row: { featureNames: this.#names[sent.names] },
    };
    return new TableRowsBatch(head, copiedSpanIds(body, slabs.codes, sent.idsAt, times.length), columns);
  }

  /**
   * A column as an array (not a view of the slab: the registry may keep or reshape it);
   * a feature column of numbers only is a view of the request's own copy of the numbers
   * instead (#tableRows). Pushed, so that V8 keeps it packed. An array made at its length
   * and filled by index is made in half the time but stays "holey", and the registry
   * then reads it slower by as much (bench:ingest-stages, unpackAndRegistry); an own
   * Float64Array per column costs more to allocate than to fill.
   */
  #column(sent: SentColumn, { numbers, codes }: Slabs): FeatureValue[] {
    const values: FeatureValue[] = [];
    if (sent.numbersAt < 0) {
      for (let row = 0; row < sent.length; row++) values.push(numbers[sent.at + row]);
      return values;
    }
    const texts = this.#texts;
    for (let row = 0; row < sent.length; row++) {
      const code = codes[sent.at + row];
      values.push(code === NUMBER_CODE ? numbers[sent.numbersAt + row] : code === UNDEFINED_CODE ? undefined as unknown as FeatureValue : texts[code]);
    }
    return values;
  }
}

/** A plain batch as the registry reads one: its members, and its rows' spans when it had them. */
function plainBatchAgain(plain: PlainBatch): InferenceBatch {
  const { spansOfRows, ...members } = plain;
  if (spansOfRows === undefined) return members as InferenceBatch;
  return { ...members, spanOfRow: (row: number) => spansOfRows[row] } as InferenceBatch;
}
