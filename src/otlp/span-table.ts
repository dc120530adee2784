import { UNSET_STATUS } from './absent-values.js';
import { DecodedSpan } from './decoded-span.js';
import { hexOf } from './hex-id.js';
import type { ResourceGroup } from './export-request-shape.js';
import type { AnyValue, Attributes, Span, TracesData } from './types.js';

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** A span's two ids; a Span is one. */
export interface SpanIdentity {
  readonly traceId: string;
  readonly spanId: string;
}

function idHex(bytes: Uint8Array, at: number, size: number): string {
  return at < 0 ? '' : hexOf(bytes, at, size);
}

/** A table span's ids, made into hex on first read and kept (holds the request body until then). */
export class LazySpanIds implements SpanIdentity {
  #bytes: Uint8Array | undefined;
  readonly #traceIdAt: number;
  readonly #spanIdAt: number;
  #traceId: string | undefined;
  #spanId: string | undefined;

  constructor(bytes: Uint8Array, traceIdAt: number, spanIdAt: number) {
    this.#bytes = bytes;
    this.#traceIdAt = traceIdAt;
    this.#spanIdAt = spanIdAt;
  }

  get traceId(): string {
    if (this.#traceId === undefined) this.#resolve();
    return this.#traceId!;
  }

  get spanId(): string {
    if (this.#spanId === undefined) this.#resolve();
    return this.#spanId!;
  }

  /** Both ids at once, then the body is let go. */
  #resolve(): void {
    this.#traceId = idHex(this.#bytes!, this.#traceIdAt, TRACE_ID_BYTES);
    this.#spanId = idHex(this.#bytes!, this.#spanIdAt, SPAN_ID_BYTES);
    this.#bytes = undefined;
  }
}

/** Least room for numbers the table starts with; it doubles as needed. */
const MIN_NUMBERS = 64;

/**
 * The spans of one trace export request as columns: span i's fields at index i of
 * each column, and its attributes as the run of `keys`/`values` from
 * `attributeStart(i)` to `attributeEnds[i]`, in the order they were sent, a repeated
 * key as often as it was sent. The `groups` say which resource and scope each span
 * belongs to (their items are span indices).
 *
 * Why: a TracesData tree builds an object and an attribute Map per span, and on the
 * ingest path that was most of the decoding's cost (bench:ingest). A consumer that
 * reads the columns (SpanExtractor.consumeSpanTable) builds neither; `span(i)` and
 * `toTracesData()` give what the tree decoder gives, for the rest.
 */
export class SpanTable {
  /**
   * The request body: ids are kept as where their bytes start in it (-1 when empty), and
   * made into hex only when asked for (`traceId(i)`, `spanIds(i)`). Ingest never reads
   * most of them, and the hex of three ids per span was a twentieth of the processor's time.
   */
  readonly bytes: Uint8Array;
  readonly traceIdsAt: number[] = [];
  readonly spanIdsAt: number[] = [];
  readonly parentSpanIdsAt: number[] = [];
  readonly names: string[] = [];
  readonly kinds: number[] = [];
  /** Unix milliseconds, 0 when absent (as Span's). */
  readonly startTimesUnixMs: number[] = [];
  readonly endTimesUnixMs: number[] = [];
  /** StatusCode; 0 (UNSET) when absent. */
  readonly statusCodes: number[] = [];
  readonly statusMessages: string[] = [];
  /** Span i's attributes end at this index of keys/values (exclusive). */
  readonly attributeEnds: number[] = [];
  /** Each attribute's key; as long as `attributeCount` once `finish()` has run. */
  readonly keys: string[];
  /** Attributes added so far. */
  attributeCount = 0;
  /**
   * Each attribute's value, or undefined (which no AnyValue is) when it is a number,
   * held in `#numbers` (read them with `value`).
   */
  readonly #values: (AnyValue | undefined)[];
  #numbers: Float64Array;
  /** Resources and scopes, their items being span indices in wire order. */
  groups: ResourceGroup<number>[] = [];

  /**
   * @param bytes the request body the ids are read from
   * @param expectedAttributes room made for attributes at once: a request's columns hold
   *   thousands, and growing them push by push cost three times filling them in place
   *   (the decoder guesses from the body's size)
   */
  constructor(bytes: Uint8Array, expectedAttributes = 0) {
    this.bytes = bytes;
    this.keys = new Array<string>(expectedAttributes);
    this.#values = new Array<AnyValue | undefined>(expectedAttributes);
    this.#numbers = new Float64Array(Math.max(expectedAttributes, MIN_NUMBERS));
  }

  /** Appends an attribute of the span being added (the span's row is added after its attributes). */
  addAttribute(key: string, value: AnyValue): void {
    const at = this.attributeCount++;
    // In place within the room made, appended past it: arrays stay without holes below attributeCount.
    this.keys[at] = key;
    this.#values[at] = value;
  }

  /**
   * Appends an attribute whose value is a number. Why numbers have their own column:
   * held in `values`, each would be a heap object, and the array of a large request
   * lives in V8's large-object space, where storing a new object costs a write-barrier
   * entry per value (pushing them was a fifth of decoding, bench:ingest's profile).
   */
  addNumberAttribute(key: string, value: number): void {
    const at = this.attributeCount++;
    if (at >= this.#numbers.length) {
      // Other values take no room here but count in the index: grow past `at`, however far behind.
      const grown = new Float64Array(Math.max(2 * this.#numbers.length, at + 1));
      grown.set(this.#numbers);
      this.#numbers = grown;
    }
    this.#numbers[at] = value;
    this.keys[at] = key;
    this.#values[at] = undefined;
  }

  /** Ends adding: the attribute columns lose the room left unused. */
  finish(): void {
    this.keys.length = this.attributeCount;
    this.#values.length = this.attributeCount;
  }

  /** The value of attribute `a` (an index into `keys`). */
  value(a: number): AnyValue {
    const value = this.#values[a];
    return value === undefined ? this.#numbers[a] : value;
  }

  /** Span i's trace id as lower-case hex, '' when it has none. */
  traceId(i: number): string {
    return idHex(this.bytes, this.traceIdsAt[i], TRACE_ID_BYTES);
  }

  /** Span i's span id as lower-case hex, '' when it has none. */
  spanId(i: number): string {
    return idHex(this.bytes, this.spanIdsAt[i], SPAN_ID_BYTES);
  }

  /** Span i's ids, made into hex when first read. */
  spanIds(i: number): SpanIdentity {
    return new LazySpanIds(this.bytes, this.traceIdsAt[i], this.spanIdsAt[i]);
  }

  /** Spans in the table. */
  get size(): number {
    return this.attributeEnds.length;
  }

  /** Where span i's attributes start in keys/values. */
  attributeStart(i: number): number {
    return i === 0 ? 0 : this.attributeEnds[i - 1];
  }

  /** Span i's attributes as a Map: a repeated key keeps its last value at its first place, as the tree decoder has it. */
  attributes(i: number): Attributes {
    const attributes: Attributes = new Map();
    const end = this.attributeEnds[i];
    for (let a = this.attributeStart(i); a < end; a++) attributes.set(this.keys[a], this.value(a));
    return attributes;
  }

  /** Span i as decodeTracesProtobuf makes it. */
  span(i: number): Span {
    const code = this.statusCodes[i];
    const message = this.statusMessages[i];
    const status = code === 0 && message === '' ? UNSET_STATUS : { code, message };
    return new DecodedSpan(
      this.traceId(i), this.spanId(i), idHex(this.bytes, this.parentSpanIdsAt[i], SPAN_ID_BYTES), this.names[i], this.kinds[i],
      this.startTimesUnixMs[i], this.endTimesUnixMs[i], this.attributes(i), status,
    );
  }

  /** The whole request as the tree decoder gives it. */
  toTracesData(): TracesData {
    return {
      resourceSpans: this.groups.map(({ resource, scopes }) => ({
        resource,
        scopeSpans: scopes.map(({ scope, items }) => ({ scope, spans: items.map((i) => this.span(i)) })),
      })),
    };
  }
}
