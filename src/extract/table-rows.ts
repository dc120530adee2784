import type { SpanIdentity, SpanTable } from '../otlp/span-table.js';
import type { AnyValue } from '../otlp/types.js';
import { Role } from './attribute-roles.js';
import type { FeatureColumn, FeatureValue, InferenceBatch } from './inference-batch.js';
import { taskOf, versionOf } from './inference-span.js';
import { NOT_A_ROW_VALUE, rowInferenceId, rowProbability, rowValue } from './row-values.js';
import { SingleRowBatch } from './single-row-batch.js';
import type { SpanLayout } from './span-layout.js';
import { batchTimeOf, errorTypeFor } from './span-outcome.js';

/**
 * The spans of one request that follow a run's head with the head's very keys
 * (SpanLayout), read by position straight into columns: the batch the registry is
 * handed has the values a SpanRowsBatch of their single-row batches would have,
 * without a batch, a row and an attribute walk per span (the ingest hot path).
 *
 * A span is taken (`append`) only when extraction would read it into a single-row
 * batch of the head's shape: every value one a single-row span may carry (the same
 * readers: rowValue, rowProbability, rowInferenceId), strings within the length
 * limit, the same model version, task and outcome as the head. Anything else (a
 * value extraction refuses, another version) leaves the rows as they are, and the
 * span is read whole, as every span was before.
 */
export class TableRows {
  readonly table: SpanTable;
  readonly layout: SpanLayout;
  readonly head: SingleRowBatch;
  /** Rows taken so far. */
  count = 0;
  readonly #now: () => number;
  readonly #stringLength: number;
  readonly #features: FeatureValue[][];
  readonly #predictions: FeatureValue[] | undefined;
  readonly #scores: (number | null)[] | undefined;
  readonly #labels: FeatureValue[] | undefined;
  readonly #probabilities: (number | null)[][] | undefined;
  readonly #times: number[] = [];
  readonly #spans: number[] = [];
  /** `ml.inference.id` per row, '' for the default (the span id); undefined when the layout has none. */
  readonly #inferenceIds: string[] | undefined;

  /** @param stringLength `limits.string_length`: a longer string is left to the whole read, which refuses it */
  constructor(table: SpanTable, layout: SpanLayout, head: SingleRowBatch, now: () => number, stringLength: number) {
    this.table = table;
    this.layout = layout;
    this.head = head;
    this.#now = now;
    this.#stringLength = stringLength;
    this.#features = Array.from({ length: layout.features }, () => []);
    const row = head.row;
    this.#predictions = row.prediction === undefined ? undefined : [];
    this.#scores = row.score === undefined ? undefined : [];
    this.#labels = head.label === undefined ? undefined : [];
    this.#probabilities = head.probabilityClasses?.map(() => []);
    this.#inferenceIds = layout.roles.includes(Role.INFERENCE_ID) ? [] : undefined;
  }

  /**
   * Takes span `index` (whose keys match the layout, and whose model is the head's) as
   * the next row; returns false, having changed nothing, when it must be read whole.
   */
  append(index: number): boolean {
    const { table, layout, head } = this;
    const roles = layout.roles;
    const columnOf = layout.columnOf;
    const start = table.attributeStart(index);
    const row = this.count;
    let errorType: AnyValue | undefined;
    // Values go in at `row`, which only counts once the whole span is read: a span left half-read is overwritten.
    for (let p = 0; p < roles.length; p++) {
      const role = roles[p];
      if (role === Role.OTHER || role === Role.MODEL_NAME) continue;
      const value = table.value(start + p);
      switch (role) {
        case Role.FEATURE: {
          const scalar = this.#scalar(value);
          if (scalar === NOT_A_ROW_VALUE) return false;
          this.#features[columnOf[p]][row] = scalar;
          break;
        }
        case Role.PREDICTION: {
          const scalar = this.#scalar(value);
          if (scalar === NOT_A_ROW_VALUE) return false;
          this.#predictions![row] = scalar;
          break;
        }
        case Role.LABEL: {
          const scalar = this.#scalar(value);
          if (scalar === NOT_A_ROW_VALUE) return false;
          this.#labels![row] = scalar;
          break;
        }
        case Role.SCORE: {
          const probability = rowProbability(value);
          if (probability === NOT_A_ROW_VALUE) return false;
          this.#scores![row] = probability;
          break;
        }
        case Role.PROBA: {
          const probability = rowProbability(value);
          if (probability === NOT_A_ROW_VALUE) return false;
          this.#probabilities![columnOf[p]][row] = probability;
          break;
        }
        case Role.MODEL_VERSION: if (versionOf(value) !== head.version) return false; break;
        case Role.MODEL_TASK: if (taskOf(value) !== head.task) return false; break;
        case Role.ERROR_TYPE:
          // Any other value is refused by the whole read; a string is the head's when the outcome below matches.
          if (value !== null && typeof value !== 'string') return false;
          errorType = value;
          break;
        case Role.INFERENCE_ID: {
          const id = rowInferenceId(value, '');
          if (id === NOT_A_ROW_VALUE || id.length > this.#stringLength) return false;
          this.#inferenceIds![row] = id;
          break;
        }
        default: return false;
      }
    }
    if (errorTypeFor(table.statusCodes[index], errorType) !== head.errorType) return false;
    this.#times[row] = batchTimeOf(table.endTimesUnixMs[index], table.startTimesUnixMs[index], this.#now);
    this.#spans[row] = index;
    this.count = row + 1;
    return true;
  }

  /** The rows as one batch: a single-row batch for one row, as extraction makes it for the span. */
  batch(): InferenceBatch {
    const count = this.count;
    for (const column of [...this.#features, this.#predictions, this.#scores, this.#labels, ...(this.#probabilities ?? [])]) {
      if (column !== undefined) column.length = count;
    }
    if (count === 1) return this.#singleRow();
    return new TableRowsBatch(this.head, this.table, {
      features: this.#features, predictions: this.#predictions, scores: this.#scores, labels: this.#labels,
      probabilities: this.#probabilities, times: this.#times.slice(0, count), spans: this.#spans.slice(0, count),
      inferenceIds: this.#inferenceIds?.slice(0, count),
    });
  }

  #singleRow(): SingleRowBatch {
    const { head, table } = this;
    const inferenceId = this.#inferenceIds?.[0];
    return new SingleRowBatch({
      model: head.model, version: head.version, task: head.task, errorType: head.errorType,
      timeUnixMs: this.#times[0],
      ids: table.spanIds(this.#spans[0]),
      inferenceId: inferenceId === '' ? undefined : inferenceId,
      row: {
        featureNames: head.row.featureNames, featureValues: this.#features.map((column) => column[0]),
        prediction: this.#predictions?.[0], score: this.#scores?.[0],
      },
      label: this.#labels?.[0],
      probabilityClasses: head.probabilityClasses,
      probabilityValues: this.#probabilities?.map((column) => column[0]),
    });
  }

  /** A row value as a single-row span has it (rowValue), a string within the length limit. */
  #scalar(value: AnyValue): FeatureValue | typeof NOT_A_ROW_VALUE {
    const scalar = rowValue(value);
    return typeof scalar === 'string' && scalar.length > this.#stringLength ? NOT_A_ROW_VALUE : scalar;
  }
}

/** What a TableRowsBatch takes from its run's head: the model version, and the names of its columns. */
export type TableRowsHead = Pick<SingleRowBatch, 'model' | 'version' | 'task' | 'errorType' | 'probabilityClasses'> & {
  readonly row: Pick<SingleRowBatch['row'], 'featureNames'>;
};

/** Where a TableRowsBatch reads its rows' span ids, by span index: the request's SpanTable, or their bytes sent from another thread (batch-transfer.ts). */
export interface SpanIdsByIndex {
  traceId(i: number): string;
  spanId(i: number): string;
  spanIds(i: number): SpanIdentity;
}

/**
 * The columns a TableRowsBatch is made of, as long as its rows. A feature column of
 * numbers only may be a Float64Array (as unpacked from an extraction thread).
 */
export interface RowColumns {
  readonly features: readonly (FeatureValue[] | Float64Array)[];
  readonly predictions: FeatureValue[] | undefined;
  readonly scores: (number | null)[] | undefined;
  readonly labels: FeatureValue[] | undefined;
  readonly probabilities: (number | null)[][] | undefined;
  readonly times: number[];
  /** Each row's span index in the id source. */
  readonly spans: number[];
  readonly inferenceIds: string[] | undefined;
}

/**
 * Rows of table spans of one model version and shape as columns (TableRows.batch):
 * what a SpanRowsBatch of their single-row batches gives, member by member. Each row
 * keeps its span's identity (made into hex only when read); the batch's trace link is
 * its first span's.
 */
export class TableRowsBatch implements InferenceBatch {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly errorType: string | undefined;
  readonly rows: number;
  readonly featureColumns: readonly FeatureColumn[];
  /** The head's feature names: the same array for every batch of its run, and for its head. */
  readonly featureNames: readonly string[];
  readonly predictions?: FeatureValue[];
  readonly scores?: (number | null)[];
  readonly labels?: FeatureValue[];
  readonly probabilities?: Map<string, (number | null)[]>;
  readonly timesUnixMs: readonly number[];
  readonly #table: SpanIdsByIndex;
  readonly #columns: RowColumns;
  readonly #spans: readonly number[];
  readonly #explicitIds: readonly string[] | undefined;
  /** The feature columns by name, as held. */
  readonly #byName = new Map<string, FeatureValue[] | Float64Array>();
  /** `features`, once made: #byName itself when it holds arrays only. */
  #features: Map<string, FeatureValue[]> | undefined;
  #inferenceIds: string[] | undefined;

  constructor(head: TableRowsHead, ids: SpanIdsByIndex, columns: RowColumns) {
    this.model = head.model;
    this.version = head.version;
    this.task = head.task;
    this.errorType = head.errorType;
    this.rows = columns.spans.length;
    const names = head.row.featureNames;
    this.featureNames = names;
    this.featureColumns = columns.features;
    let arraysOnly = true;
    for (let i = 0; i < names.length; i++) {
      const column = columns.features[i];
      this.#byName.set(names[i], column);
      if (column instanceof Float64Array) arraysOnly = false;
    }
    if (arraysOnly) this.#features = this.#byName as Map<string, FeatureValue[]>;
    if (columns.predictions !== undefined) this.predictions = columns.predictions;
    if (columns.scores !== undefined) this.scores = columns.scores;
    if (columns.labels !== undefined) this.labels = columns.labels;
    const classes = head.probabilityClasses;
    if (classes !== undefined && columns.probabilities !== undefined) {
      this.probabilities = new Map(classes.map((name, c) => [name, columns.probabilities![c]]));
    }
    this.timesUnixMs = columns.times;
    this.#table = ids;
    this.#columns = columns;
    this.#spans = columns.spans;
    this.#explicitIds = columns.inferenceIds;
  }

  /**
   * By feature name. Made on first read when some columns are numbers held as such
   * (an array of each, then): the window's profiles read columns through featureColumnOf.
   */
  get features(): Map<string, FeatureValue[]> {
    if (this.#features !== undefined) return this.#features;
    const features = new Map<string, FeatureValue[]>();
    for (const [name, column] of this.#byName) features.set(name, arrayOf(column));
    return (this.#features = features);
  }

  featureColumnOf(name: string): FeatureColumn | undefined {
    return this.#byName.get(name);
  }

  /** The first row's span end time; each row's is in `timesUnixMs`. */
  get timeUnixMs(): number {
    return this.timesUnixMs[0];
  }

  get traceId(): string {
    return this.#table.traceId(this.#spans[0]);
  }

  get spanId(): string {
    return this.#table.spanId(this.#spans[0]);
  }

  spanOfRow(row: number): SpanIdentity {
    return this.#table.spanIds(this.#spans[row]);
  }

  /** The columns as made, for sending the batch to another thread (batch-transfer.ts). */
  get columns(): RowColumns {
    return this.#columns;
  }

  inferenceIdOf(row: number): string {
    return this.#explicitIds?.[row] || this.#table.spanId(this.#spans[row]);
  }

  /** Made on first read: each span's id is hex only once something asks (the join, the sample). */
  get inferenceIds(): string[] {
    return (this.#inferenceIds ??= this.#spans.map((_, row) => this.inferenceIdOf(row)));
  }
}

/**
 * A column as an array: itself, or a new array of its numbers. Pushed, so that V8 keeps it packed;
 * `Array.from` walks a typed array through its iterator (17 ns a value).
 */
function arrayOf(column: FeatureValue[] | Float64Array): FeatureValue[] {
  if (!(column instanceof Float64Array)) return column;
  const values: FeatureValue[] = [];
  for (let row = 0; row < column.length; row++) values.push(column[row]);
  return values;
}
