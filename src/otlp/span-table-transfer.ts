import type { ResourceGroup } from './export-request-shape.js';
import { SpanTable } from './span-table.js';
import type { AnyValue } from './types.js';

/**
 * A SpanTable as one message from the thread that decoded it to the one that reads
 * it (postMessage): the body and the numbers move without a copy (`transfer`), and
 * every string or other value is sent once, its places as codes. Why codes: a
 * request's 12,000 attribute keys are a few dozen distinct strings, and a structured
 * clone copies each string it meets, however often.
 */
export interface TransferredSpanTable {
  readonly bytes: Uint8Array;
  /** Per span: traceIdsAt, spanIdsAt, parentSpanIdsAt, kinds, statusCodes, attributeEnds, name and status-message codes. */
  readonly spanInts: Int32Array;
  /** Per span: start and end time. */
  readonly spanTimes: Float64Array;
  /** Span names, status messages and attribute keys, each once. */
  readonly strings: string[];
  /** Per attribute: its key's index in `strings`. */
  readonly keyCodes: Int32Array;
  /** Per attribute: its value's index in `values`, or NUMBER for a value in `numbers`. */
  readonly valueCodes: Int32Array;
  readonly values: AnyValue[];
  readonly numbers: Float64Array;
  readonly groups: ResourceGroup<number>[];
}

/** A value code: the attribute's value is in `numbers`. */
const NUMBER = -1;
/** Int32 columns per span in `spanInts`, in the order of SPAN_INT_COLUMNS. */
const SPAN_INTS = 8;

/** Gives each distinct string its index in one array. */
class StringCodes {
  readonly strings: string[] = [];
  readonly #codes = new Map<string, number>();

  code(text: string): number {
    let code = this.#codes.get(text);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(text);
      this.#codes.set(text, code);
    }
    return code;
  }
}

/**
 * The message for `table` and what to transfer with it. The table must not be used
 * after the message is posted: its body and numbers go with it.
 */
export function packSpanTable(table: SpanTable): { message: TransferredSpanTable; transfer: ArrayBuffer[] } {
  const columns = table.columns();
  const spans = table.size;
  const strings = new StringCodes();
  const spanInts = new Int32Array(spans * SPAN_INTS);
  const spanTimes = new Float64Array(spans * 2);
  const keyCodes = new Int32Array(table.attributeCount);
  const valueCodes = new Int32Array(table.attributeCount);
  const values: AnyValue[] = [];
  const valueStrings = new Map<string, number>();
  // The decoder hands the same key object at the same position span after span: one comparison finds its code.
  const lastKeys: string[] = [];
  const lastKeyCodes: number[] = [];
  for (let i = 0; i < spans; i++) {
    const at = i * SPAN_INTS;
    spanInts[at] = columns.traceIdsAt[i];
    spanInts[at + 1] = columns.spanIdsAt[i];
    spanInts[at + 2] = columns.parentSpanIdsAt[i];
    spanInts[at + 3] = columns.kinds[i];
    spanInts[at + 4] = columns.statusCodes[i];
    spanInts[at + 5] = columns.attributeEnds[i];
    spanInts[at + 6] = strings.code(columns.names[i]);
    spanInts[at + 7] = strings.code(columns.statusMessages[i]);
    spanTimes[2 * i] = columns.startTimesUnixMs[i];
    spanTimes[2 * i + 1] = columns.endTimesUnixMs[i];
    const start = table.attributeStart(i);
    const end = columns.attributeEnds[i];
    for (let a = start; a < end; a++) {
      const position = a - start;
      const key = columns.keys[a];
      if (lastKeys[position] === key) keyCodes[a] = lastKeyCodes[position];
      else keyCodes[a] = lastKeyCodes[position] = strings.code(lastKeys[position] = key);
      const value = columns.values[a];
      if (value === undefined) {
        valueCodes[a] = NUMBER;
        continue;
      }
      if (typeof value !== 'string') {
        valueCodes[a] = values.push(value) - 1;
        continue;
      }
      let code = valueStrings.get(value);
      if (code === undefined) valueStrings.set(value, code = values.push(value) - 1);
      valueCodes[a] = code;
    }
  }
  const numbers = columns.numbers;
  const message: TransferredSpanTable = {
    bytes: table.bytes, spanInts, spanTimes, strings: strings.strings, keyCodes, valueCodes, values, numbers, groups: table.groups,
  };
  return { message, transfer: transferable([table.bytes.buffer, spanInts.buffer, spanTimes.buffer, keyCodes.buffer, valueCodes.buffer, numbers.buffer]) };
}

/** The distinct ArrayBuffers of the list (a buffer listed twice is refused by postMessage). */
function transferable(buffers: ArrayBufferLike[]): ArrayBuffer[] {
  return [...new Set(buffers.filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer))];
}

/** The SpanTable a message holds: equal to the one packed, field by field and value by value. */
export function unpackSpanTable(message: TransferredSpanTable): SpanTable {
  const { spanInts, spanTimes, strings, keyCodes, valueCodes, values } = message;
  const spans = spanTimes.length / 2;
  const column = (offset: number) => {
    const out = new Array<number>(spans);
    for (let i = 0; i < spans; i++) out[i] = spanInts[i * SPAN_INTS + offset];
    return out;
  };
  const text = (offset: number) => {
    const out = new Array<string>(spans);
    for (let i = 0; i < spans; i++) out[i] = strings[spanInts[i * SPAN_INTS + offset]];
    return out;
  };
  const times = (offset: number) => {
    const out = new Array<number>(spans);
    for (let i = 0; i < spans; i++) out[i] = spanTimes[2 * i + offset];
    return out;
  };
  const attributes = keyCodes.length;
  const keys = new Array<string>(attributes);
  const attributeValues = new Array<AnyValue | undefined>(attributes);
  for (let a = 0; a < attributes; a++) {
    keys[a] = strings[keyCodes[a]];
    const code = valueCodes[a];
    attributeValues[a] = code === NUMBER ? undefined : values[code];
  }
  return SpanTable.fromColumns({
    bytes: message.bytes,
    traceIdsAt: column(0), spanIdsAt: column(1), parentSpanIdsAt: column(2), kinds: column(3), statusCodes: column(4),
    attributeEnds: column(5), names: text(6), statusMessages: text(7),
    startTimesUnixMs: times(0), endTimesUnixMs: times(1),
    keys, values: attributeValues, numbers: message.numbers, groups: message.groups,
  });
}
