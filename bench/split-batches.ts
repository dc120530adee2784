/**
 * How bench/ingest-split.ts hands extracted batches from the thread that decodes and
 * extracts to the one that keeps the profiles: numbers as Float64Arrays (moved, not
 * copied), text columns as codes into a short list of distinct strings, and a run's
 * span ids as one string (a structured clone copies every string it meets, and a
 * request's 512 spans carry thousands of them). Only the batch kinds the benchmark's
 * bodies make: a run's head (SingleRowBatch) and the run read by position (TableRowsBatch).
 */
import type { SpanIdentity } from '../src/otlp/span-table.js';
import type { FeatureValue, InferenceBatch, InferenceRow } from '../src/extract/inference-batch.js';
import { SingleRowBatch } from '../src/extract/single-row-batch.js';
import { TableRowsBatch } from '../src/extract/table-rows.js';

/** A column as sent: numbers, or codes into `text`. */
type SentColumn = { readonly numbers: Float64Array } | { readonly codes: Int32Array; readonly text: FeatureValue[] };

interface SentRows {
  readonly kind: 'rows';
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly errorType: string | undefined;
  readonly names: string[];
  readonly columns: SentColumn[];
  readonly predictions: SentColumn | undefined;
  readonly times: Float64Array;
  /** Each row's span id (16 hex digits), one after the other. */
  readonly spanIds: string;
  /** The first row's trace id: the window links a feature's signal to one record's span. */
  readonly traceId: string;
}

interface SentHead {
  readonly kind: 'head';
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly errorType: string | undefined;
  readonly timeUnixMs: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly row: InferenceRow;
}

export type SentBatch = SentRows | SentHead;

function sendColumn(column: readonly FeatureValue[], transfer: ArrayBuffer[]): SentColumn {
  const numbers = new Float64Array(column.length);
  let row = 0;
  for (; row < column.length; row++) {
    const value = column[row];
    if (typeof value !== 'number') break;
    numbers[row] = value;
  }
  if (row === column.length) {
    transfer.push(numbers.buffer);
    return { numbers };
  }
  const text: FeatureValue[] = [];
  const codeOf = new Map<FeatureValue, number>();
  const codes = new Int32Array(column.length);
  for (let at = 0; at < column.length; at++) {
    let code = codeOf.get(column[at]);
    if (code === undefined) codeOf.set(column[at], code = text.push(column[at]) - 1);
    codes[at] = code;
  }
  transfer.push(codes.buffer);
  return { codes, text };
}

/**
 * A numeric column stays a Float64Array: the window reads columns by index and type
 * (NumericAddBuffer.addColumn), which a typed array answers as an array of numbers
 * would; copying it into an array was a tenth of a microsecond a span here.
 */
function receiveColumn(column: SentColumn): FeatureValue[] {
  if ('numbers' in column) return column.numbers as unknown as FeatureValue[];
  const { codes, text } = column;
  const values = new Array<FeatureValue>(codes.length);
  for (let row = 0; row < codes.length; row++) values[row] = text[codes[row]];
  return values;
}

/** The batches as one message's worth, and the buffers to move with it; throws on a kind it does not send. */
export function sendBatches(batches: readonly InferenceBatch[]): { sent: SentBatch[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const sent = batches.map((batch): SentBatch => {
    if (batch instanceof SingleRowBatch) {
      return {
        kind: 'head', model: batch.model, version: batch.version, task: batch.task, errorType: batch.errorType,
        timeUnixMs: batch.timeUnixMs, traceId: batch.traceId, spanId: batch.spanId, row: batch.row,
      };
    }
    if (!(batch instanceof TableRowsBatch) || batch.scores !== undefined || batch.labels !== undefined || batch.probabilities !== undefined) {
      throw new Error(`the split benchmark sends heads and runs of plain rows only, not ${batch.constructor.name}`);
    }
    const times = Float64Array.from(batch.timesUnixMs);
    transfer.push(times.buffer);
    const spanIds = batch.inferenceIds.join('');
    return {
      kind: 'rows', model: batch.model, version: batch.version, task: batch.task, errorType: batch.errorType,
      names: [...batch.features.keys()], columns: [...batch.features.values()].map((column) => sendColumn(column, transfer)),
      predictions: batch.predictions === undefined ? undefined : sendColumn(batch.predictions, transfer),
      times, spanIds, traceId: batch.traceId,
    };
  });
  return { sent, transfer };
}

/** A run's rows as received: the InferenceBatch members the registry reads, ids cut from the joined strings when read. */
class ReceivedRows implements InferenceBatch {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly errorType: string | undefined;
  readonly rows: number;
  readonly features: Map<string, FeatureValue[]>;
  readonly predictions?: FeatureValue[];
  readonly timesUnixMs: readonly number[];
  readonly #spanIds: string;
  readonly traceId: string;

  constructor(sent: SentRows) {
    this.model = sent.model;
    this.version = sent.version;
    this.task = sent.task;
    this.errorType = sent.errorType;
    this.rows = sent.times.length;
    this.features = new Map(sent.names.map((name, i) => [name, receiveColumn(sent.columns[i])]));
    if (sent.predictions !== undefined) this.predictions = receiveColumn(sent.predictions);
    this.timesUnixMs = Array.from(sent.times);
    this.#spanIds = sent.spanIds;
    this.traceId = sent.traceId;
  }

  get timeUnixMs(): number {
    return this.timesUnixMs[0];
  }

  get spanId(): string {
    return this.#spanIds.slice(0, 16);
  }

  /** A prototype's shortcut: every row is given the first row's trace id (the benchmark's spans share one per request). */
  spanOfRow(row: number): SpanIdentity {
    return { traceId: this.traceId, spanId: this.inferenceIdOf(row) };
  }

  inferenceIdOf(row: number): string {
    return this.#spanIds.slice(16 * row, 16 * row + 16);
  }

  get inferenceIds(): string[] {
    return Array.from({ length: this.rows }, (_, row) => this.inferenceIdOf(row));
  }
}

export function receiveBatches(sent: readonly SentBatch[]): InferenceBatch[] {
  return sent.map((batch) => (batch.kind === 'rows' ? new ReceivedRows(batch) : new SingleRowBatch({
    model: batch.model, version: batch.version, task: batch.task, errorType: batch.errorType, timeUnixMs: batch.timeUnixMs,
    ids: { traceId: batch.traceId, spanId: batch.spanId }, inferenceId: undefined, row: batch.row, label: undefined,
    probabilityClasses: undefined, probabilityValues: undefined,
  })));
}
