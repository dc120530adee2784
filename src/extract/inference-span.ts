import type { SpanIdentity } from '../otlp/span-table.js';
import type { AnyValue, Span } from '../otlp/types.js';
import { AttributeRoles, FEATURE_PREFIX, PROBA_PREFIX, type RoleLookup } from './attribute-roles.js';
import { describeValue } from './describe-value.js';
import { InferenceAttributes } from './inference-attributes.js';
import type { FeatureValue, InferenceBatch } from './inference-batch.js';
import { inferenceIdColumn, probabilityColumn, valueColumn, type BatchShape } from './row-columns.js';
import { NOT_A_ROW_VALUE, rowInferenceId, rowProbability, rowValue } from './row-values.js';
import { SingleRowBatch } from './single-row-batch.js';
import { batchTimeOf, errorTypeFor } from './span-outcome.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './span-limits.js';

/** The attribute that makes a span an inference span (CONVENTIONS.md §1). */
export const MODEL_NAME_KEY = 'ml.model.name';

/** `ml.model.version` of a span that has none. */
export const UNVERSIONED = 'unversioned';

/**
 * The most rows one span may declare. Rows without per-row arrays cost memory here
 * (one default inference id each) but nothing on the wire, so an unbounded
 * `ml.batch.size` would let a tiny request exhaust memory.
 */
export const MAX_BATCH_ROWS = 100_000;

/**
 * The most features one span may carry. A model's reference keeps every feature's
 * values (up to `reference.size` rows each), so one span of a million `ml.feature.*`
 * attributes (33 MB, under the body cap) made ~1 GB of reference state possible; the
 * OpenTelemetry SDKs cut a span at 128 attributes by default, so no instrumented
 * service comes near this.
 */
export const MAX_FEATURES = DEFAULT_SPAN_LIMITS.featuresPerSpan;

const SINGLE_ROW: BatchShape = Object.freeze({ rows: 1, source: 'the default, as ml.batch.size is absent' });

/**
 * Reads a span that has `ml.model.name` as an inference batch per CONVENTIONS.md §1,
 * in one pass over its attributes. Returns the batch, or a sentence saying how the
 * span breaks the convention: then the whole span is rejected (a single bad feature
 * included; dropping it would hide an instrumentation bug behind a quietly missing
 * column).
 *
 * Rows: `ml.batch.size` when present (a positive integer, at most MAX_BATCH_ROWS);
 * when absent, the length of the per-row arrays if the span has any (a batch whose
 * instrumentation forgot the size still has an unambiguous row count), else 1. For
 * more than one row every per-row attribute must be an array of exactly that length;
 * for one row a scalar or a one-element array. Unknown `ml.*` keys are ignored: a
 * later convention version may add some.
 *
 * A single-row span becomes a SingleRowBatch (its values as one row, columns made
 * only when read); any other span a batch of columns.
 *
 * @param roles remembers what each attribute key means across spans: pass the same
 *   instance for every span (SpanExtractor does).
 * @param byColumns reads a single-row span column by column too, as every span was
 *   read before single-row batches existed: for tests that check the two agree.
 * @param limits what one span may carry (see SpanLimits)
 */
export function extractInferenceSpan(
  span: Span, now: () => number, roles: RoleLookup = new AttributeRoles(), byColumns = false, limits: SpanLimits = DEFAULT_SPAN_LIMITS,
): InferenceBatch | string {
  const read = new InferenceAttributes(limits);
  read.attributeCount = span.attributes.size;
  let position = 0;
  for (const [key, value] of span.attributes) {
    const { role, name } = roles.at(position++, key);
    read.take(role, name, key, value);
  }
  return inferenceBatchOf(read, span, span.startTimeUnixMs, span.endTimeUnixMs, span.status.code, now, byColumns);
}

/**
 * The batch of an inference span whose attributes `read` holds (see
 * extractInferenceSpan for the rules), or why the span is rejected. The span's other
 * fields come as arguments rather than as a Span, so that a SpanTable row needs no
 * object made for it (this runs once per span).
 */
export function inferenceBatchOf(
  read: InferenceAttributes, ids: SpanIdentity, startTimeUnixMs: number, endTimeUnixMs: number,
  statusCode: number, now: () => number, byColumns = false,
): InferenceBatch | string {
  const breach = limitBreach(read);
  if (breach !== undefined) return breach;
  const { model, version, task, errorType } = read;
  if (typeof model !== 'string' || model === '') {
    return `ml.model.name is ${model === '' ? 'empty' : describeValue(model)}; expected a non-empty string`;
  }
  const checkedVersion = versionOf(version);
  if (checkedVersion === undefined) return `ml.model.version is ${describeValue(version!)}; expected a string`;
  const checkedTask = taskOf(task);
  if (checkedTask === undefined) return `ml.model.task is ${describeValue(task!)}; expected a string`;
  if (errorType !== undefined && errorType !== null && typeof errorType !== 'string') {
    return `error.type is ${describeValue(errorType)}; expected a string`;
  }

  const shape = batchShape(read.batchSize, read.firstArrayKey, read.firstArrayLength);
  if (typeof shape === 'string') return shape;

  const known: CheckedSpan = {
    model,
    version: checkedVersion,
    task: checkedTask,
    timeUnixMs: batchTimeOf(endTimeUnixMs, startTimeUnixMs, now),
    ids,
    errorType: errorTypeFor(statusCode, errorType),
  };
  return shape.rows === 1 && !byColumns ? singleRowBatch(known, read, shape) : columnBatch(known, read, shape);
}

/** `ml.model.version` as a batch has it (UNVERSIONED when absent, null or empty), or undefined when it is no string. */
export function versionOf(value: AnyValue | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return UNVERSIONED;
  return typeof value === 'string' ? value : undefined;
}

/** `ml.model.task` as a batch has it ('' when absent or null), or undefined when it is no string. */
export function taskOf(value: AnyValue | undefined): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : undefined;
}

/** Why the span breaks `read.limits`, told to the limits' `breached` too; undefined when it keeps them. */
function limitBreach(read: InferenceAttributes): string | undefined {
  const { limits } = read;
  if (read.attributeCount > limits.attributesPerSpan) {
    limits.breached?.('attributes_per_span');
    return `the span has ${read.attributeCount} attributes; at most ${limits.attributesPerSpan} are taken per span (limits.attributes_per_span)`;
  }
  if (read.featureNames.length > limits.featuresPerSpan) {
    limits.breached?.('features_per_model');
    return `the span has ${read.featureNames.length} ${FEATURE_PREFIX}* attributes; at most ${limits.featuresPerSpan} features are taken per span (limits.features_per_model)`;
  }
  if (read.tooLongKey !== undefined) {
    limits.breached?.('string_length');
    return `attribute ${read.tooLongKey.slice(0, 64)}${read.tooLongKey.length > 64 ? '…' : ''} has a key or string value longer than ${limits.stringLength} characters (limits.string_length)`;
  }
  return undefined;
}

/** The fields of an inference span that are not per row, checked and defaulted. */
interface CheckedSpan {
  readonly model: string;
  readonly version: string;
  readonly task: string;
  readonly timeUnixMs: number;
  /** Read only when needed: a SpanTable makes them into hex then. */
  readonly ids: SpanIdentity;
  readonly errorType: string | undefined;
}

/** The per-row attributes of an inference span as they came, not yet checked. */
interface PerRowAttributes {
  readonly ids: AnyValue | undefined;
  readonly featureNames: readonly string[];
  /** Per feature; the single-row path replaces each value by the row's value in place. */
  readonly featureValues: AnyValue[];
  readonly prediction: AnyValue | undefined;
  readonly score: AnyValue | undefined;
  readonly label: AnyValue | undefined;
  readonly probaNames: string[] | undefined;
  readonly probaValues: AnyValue[] | undefined;
}

/**
 * A single-row span as one row (SingleRowBatch), without a one-element array per
 * attribute. The checks, their order and their messages are those of columnBatch: a
 * value the row readers refuse is handed to the column reader for the message.
 */
function singleRowBatch(known: CheckedSpan, perRow: PerRowAttributes, shape: BatchShape): SingleRowBatch | string {
  // '' for the default id, the span id, which is made only if it is read (see SingleRowBatch).
  const inferenceId = rowInferenceId(perRow.ids, '');
  if (inferenceId === NOT_A_ROW_VALUE) return refusal(inferenceIdColumn(perRow.ids, shape, known.ids.spanId));

  const { featureNames, featureValues } = perRow;
  for (let i = 0; i < featureNames.length; i++) {
    const name = featureNames[i];
    if (name === '') return `${FEATURE_PREFIX} names no feature; expected ${FEATURE_PREFIX}<name>`;
    const value = rowValue(featureValues[i]);
    if (value === NOT_A_ROW_VALUE) return refusal(valueColumn(FEATURE_PREFIX, name, featureValues[i], shape));
    featureValues[i] = value;
  }

  let prediction: FeatureValue | undefined;
  if (perRow.prediction !== undefined) {
    const value = rowValue(perRow.prediction);
    if (value === NOT_A_ROW_VALUE) return refusal(valueColumn('ml.prediction', '', perRow.prediction, shape));
    prediction = value;
  }
  let label: FeatureValue | undefined;
  if (perRow.label !== undefined) {
    const value = rowValue(perRow.label);
    if (value === NOT_A_ROW_VALUE) return refusal(valueColumn('ml.label', '', perRow.label, shape));
    label = value;
  }
  let score: number | null | undefined;
  if (perRow.score !== undefined) {
    const value = rowProbability(perRow.score);
    if (value === NOT_A_ROW_VALUE) return refusal(probabilityColumn('ml.prediction.score', '', perRow.score, shape));
    score = value;
  }
  const { probaNames, probaValues } = perRow;
  let probabilityValues: (number | null)[] | undefined;
  if (probaNames !== undefined && probaValues !== undefined) {
    probabilityValues = new Array<number | null>(probaNames.length);
    for (let i = 0; i < probaNames.length; i++) {
      const name = probaNames[i];
      if (name === '') return `${PROBA_PREFIX} names no class; expected ${PROBA_PREFIX}<class>`;
      const value = rowProbability(probaValues[i]);
      if (value === NOT_A_ROW_VALUE) return refusal(probabilityColumn(PROBA_PREFIX, name, probaValues[i], shape));
      probabilityValues[i] = value;
    }
  }

  // Field by field: spreading `known` here made extraction twice as slow (V8 20, bench:extract).
  return new SingleRowBatch({
    model: known.model,
    version: known.version,
    task: known.task,
    timeUnixMs: known.timeUnixMs,
    ids: known.ids,
    errorType: known.errorType,
    inferenceId: inferenceId === '' ? undefined : inferenceId,
    // The walk's arrays become the row's: featureValues now holds checked row values.
    row: { featureNames, featureValues: featureValues as FeatureValue[], prediction, score },
    label,
    probabilityClasses: probaNames,
    probabilityValues,
  });
}

/** A span of any number of rows, column by column; arrays are shared with the decoded request. */
function columnBatch(known: CheckedSpan, perRow: PerRowAttributes, shape: BatchShape): InferenceBatch | string {
  const inferenceIds = inferenceIdColumn(perRow.ids, shape, known.ids.spanId);
  if (typeof inferenceIds === 'string') return inferenceIds;

  const { featureNames, featureValues } = perRow;
  const features = new Map<string, FeatureValue[]>();
  for (let i = 0; i < featureNames.length; i++) {
    const name = featureNames[i];
    if (name === '') return `${FEATURE_PREFIX} names no feature; expected ${FEATURE_PREFIX}<name>`;
    const column = valueColumn(FEATURE_PREFIX, name, featureValues[i], shape);
    if (typeof column === 'string') return column;
    features.set(name, column);
  }

  let predictions: FeatureValue[] | undefined;
  if (perRow.prediction !== undefined) {
    const column = valueColumn('ml.prediction', '', perRow.prediction, shape);
    if (typeof column === 'string') return column;
    predictions = column;
  }
  let labels: FeatureValue[] | undefined;
  if (perRow.label !== undefined) {
    const column = valueColumn('ml.label', '', perRow.label, shape);
    if (typeof column === 'string') return column;
    labels = column;
  }
  let scores: (number | null)[] | undefined;
  if (perRow.score !== undefined) {
    const column = probabilityColumn('ml.prediction.score', '', perRow.score, shape);
    if (typeof column === 'string') return column;
    scores = column;
  }
  let probabilities: Map<string, (number | null)[]> | undefined;
  const { probaNames, probaValues } = perRow;
  if (probaNames !== undefined && probaValues !== undefined) {
    probabilities = new Map();
    for (let i = 0; i < probaNames.length; i++) {
      const name = probaNames[i];
      if (name === '') return `${PROBA_PREFIX} names no class; expected ${PROBA_PREFIX}<class>`;
      const column = probabilityColumn(PROBA_PREFIX, name, probaValues[i], shape);
      if (typeof column === 'string') return column;
      probabilities.set(name, column);
    }
  }

  // Every field is set, undefined or not, so all batches share one object shape.
  return {
    model: known.model,
    version: known.version,
    task: known.task,
    rows: shape.rows,
    timeUnixMs: known.timeUnixMs,
    traceId: known.ids.traceId,
    spanId: known.ids.spanId,
    inferenceIds,
    features,
    predictions,
    scores,
    probabilities,
    labels,
    errorType: known.errorType,
    row: undefined,
  };
}

/** The message of a column reader for a value the row reader refused; the two agree on what is valid. */
function refusal(column: unknown): string {
  if (typeof column !== 'string') throw new Error('modelwatch: a row reader refused a value its column reader accepts');
  return column;
}

function batchShape(batchSize: AnyValue | undefined, firstArrayKey: string | undefined, rows: number): BatchShape | string {
  if (batchSize !== undefined && batchSize !== null) {
    if (typeof batchSize !== 'number') return `ml.batch.size is ${describeValue(batchSize)}; expected a positive integer`;
    if (!Number.isInteger(batchSize) || batchSize < 1) return `ml.batch.size = ${batchSize} is not a positive integer`;
    if (batchSize > MAX_BATCH_ROWS) return `ml.batch.size = ${batchSize} is over the limit of ${MAX_BATCH_ROWS} rows per span`;
    return { rows: batchSize, source: 'ml.batch.size' };
  }
  if (firstArrayKey === undefined) return SINGLE_ROW;
  if (rows === 0) return `${firstArrayKey} is an empty array; a batch has at least one row`;
  if (rows > MAX_BATCH_ROWS) return `${firstArrayKey} has ${rows} values, over the limit of ${MAX_BATCH_ROWS} rows per span`;
  return { rows, source: `the length of ${firstArrayKey}, as ml.batch.size is absent` };
}
