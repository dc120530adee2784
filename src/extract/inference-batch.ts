import type { SpanIdentity } from '../otlp/span-table.js';

/**
 * What extraction makes of one inference span (CONVENTIONS.md §1): the rows of one
 * predict call, column by column. A single-row call is a batch of one. Columns are
 * aligned: index i of every array is row i.
 *
 * A single-row batch also carries its values as one `row`, which is what extraction
 * builds for such a span: the columns are then made from it only when read (see
 * SingleRowBatch). Most spans are single-row calls, and one array per feature per span
 * was most of what ingest allocated.
 */

/** A feature, prediction or label value as the convention allows it; null is missing. */
export type FeatureValue = number | string | boolean | null;

/**
 * A feature column read by position: an array, or for a column of numbers only that
 * came from another thread, the numbers themselves (see InferenceBatch.featureColumnOf).
 */
export type FeatureColumn = readonly FeatureValue[] | Float64Array;

export interface ModelKey {
  readonly model: string;
  /** `ml.model.version`, or "unversioned" when absent. */
  readonly version: string;
}

/**
 * The per-row values of a single-row batch, without per-feature arrays: the same
 * values as row 0 of the batch's columns.
 */
export interface InferenceRow {
  /** Feature names (the suffix after `ml.feature.`), each once, in the span's attribute order. */
  readonly featureNames: readonly string[];
  /** The value of each feature of `featureNames`, at the same index; null is missing. */
  readonly featureValues: readonly FeatureValue[];
  /** `ml.prediction`; undefined when the span has none (null when it has an empty one). */
  readonly prediction: FeatureValue | undefined;
  /** `ml.prediction.score`; undefined when the span has none. */
  readonly score: number | null | undefined;
}

export interface InferenceBatch extends ModelKey {
  /** `ml.model.task`, or '' when absent. */
  readonly task: string;
  readonly rows: number;
  /** The span's end time, Unix milliseconds (of the first span, for rows of several spans). */
  readonly timeUnixMs: number;
  /** Each row's span end time, when the rows come from several spans (SpanRowsBatch, TableRowsBatch). */
  readonly timesUnixMs?: readonly number[];
  /** The trace and span ids of row `row`'s span, when the rows come from several spans; else the batch's. */
  spanOfRow?(row: number): SpanIdentity;
  /**
   * Row `row`'s values as one row, for a batch that holds single-row spans' rows
   * (SpanRowsBatch; a TableRowsBatch is columns only): the same values as its columns hold.
   */
  rowOf?(row: number): InferenceRow;
  /**
   * The feature columns in the order of `features`, for a batch that holds them so
   * (TableRowsBatch): a row's values read by position, with no Map lookup per
   * feature. `featureNames` is then one array for every batch of the run.
   */
  readonly featureColumns?: readonly FeatureColumn[];
  /**
   * Feature `name`'s column, `features.get(name)`, without `features` being made: a
   * TableRowsBatch unpacked from an extraction thread holds a column whose every row
   * is a number as a Float64Array, and makes arrays of them only if `features` is read.
   */
  featureColumnOf?(name: string): FeatureColumn | undefined;
  /** The keys of `features` in order, given with `featureColumns`. */
  readonly featureNames?: readonly string[];
  /** `inferenceIds[row]` without making the whole column, for a batch that makes it on first read. */
  inferenceIdOf?(row: number): string;
  readonly traceId: string;
  readonly spanId: string;
  /** `ml.inference.id` per row; default `<span id>` for one row, `<span id>:<row>` for a batch. */
  readonly inferenceIds: string[];
  /** By feature name (the suffix after `ml.feature.`), one value per row. */
  readonly features: Map<string, FeatureValue[]>;
  readonly predictions?: FeatureValue[];
  /** `ml.prediction.score`: probability of the positive or of the predicted class. */
  readonly scores?: (number | null)[];
  /** `ml.prediction.proba.<class>`, by class. */
  readonly probabilities?: Map<string, (number | null)[]>;
  /** `ml.label`, when known at inference time. */
  readonly labels?: FeatureValue[];
  /** `error.type`, when the call failed. */
  readonly errorType?: string;
  /**
   * For a single-row batch from extraction: its values as one row, which consumers on
   * the hot path read instead of the columns (the two always agree). Undefined for
   * multi-row batches and for batches built column by column.
   */
  readonly row?: InferenceRow;
}

/** Ground truth arriving later (§2): an `ml.feedback` event or POST /v1/feedback. */
export interface FeedbackRecord {
  readonly model: string;
  /** '' when the sender did not say; the join then finds the version by inference id. */
  readonly version: string;
  readonly inferenceId: string;
  readonly label: FeatureValue;
  readonly timeUnixMs: number;
}

/** Where extraction sends what it made; the model registry implements it. */
export interface InferenceSink {
  acceptInferences(batch: InferenceBatch): void;
  /**
   * For one request: a function that does what acceptInferences does, for a sink
   * that can do per-request work (reading the clock) once. Optional.
   */
  requestAcceptor?(): (batch: InferenceBatch) => void;
  /**
   * Why the sink would refuse a batch of this model version (a bound on the versions
   * it tracks), or undefined when it takes it. Optional: without, every batch is taken.
   */
  refusal?(key: ModelKey): string | undefined;
  /**
   * Whether `refusal`, asked of these model versions' batches in turn, each new one
   * taken before the next is asked, would refuse none; asked for a request extracted
   * on another thread (ThreadedSpanExtraction), without refusal's side effects.
   * Optional: without, such a request is extracted again in place.
   */
  refusesNone?(keys: readonly ModelKey[]): boolean;
  /** Why the sink would refuse this ground truth (a bound on the models it keeps labels for), or undefined. Optional. */
  feedbackRefusal?(feedback: FeedbackRecord): string | undefined;
  acceptFeedback(feedback: FeedbackRecord): void;
}
