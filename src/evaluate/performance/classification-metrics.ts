import { accuracy } from './accuracy.js';
import { averagedPrecisionRecallF1 } from './averaged-precision-recall-f1.js';
import { binaryPrecisionRecallF1 } from './binary-precision-recall-f1.js';
import { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
import { defaultPositiveLabel } from './default-positive-label.js';
import { encodeLabels, type EncodedLabels } from './encode-labels.js';
import { logLossBinary } from './log-loss-binary.js';
import { logLossMulticlass } from './log-loss-multiclass.js';
import { rocAucBinary } from './roc-auc-binary.js';
import { rocAucOneVsRest } from './roc-auc-one-vs-rest.js';

/** Per-class probabilities: `columns[c][i]` is the probability of `classes[c]` for row i. */
export interface ClassProbabilities {
  classes: string[];
  columns: Float64Array[];
}

/** One window (or file) of labelled classification rows; rows with a missing value are dropped by the caller. */
export interface ClassificationInput {
  target: readonly string[];
  prediction: readonly string[];
  /**
   * Binary only (ignored for a multiclass task, as sklearn ignores pos_label there): the
   * label that counts as positive.
   * @default "1" if seen, else a label equal to "true" ignoring case (see defaultPositiveLabel)
   */
  positiveLabel?: string;
  /** Binary only: probability of the positive class for each row. Ignored for a multiclass task. */
  score?: Float64Array;
  /** Per-class probabilities, multiclass (or binary, when `score` is absent). */
  probabilities?: ClassProbabilities;
  /**
   * Score as multiclass whatever the number of labels seen: for a window of a
   * multiclass model in which only two classes (or one) occur, whose figures should
   * stay comparable with its other windows' (macro averages, no positive label).
   * @default false: multiclass when target and prediction hold more than two labels
   */
  multiclass?: boolean;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Binary: of the positive class. Multiclass: macro average over labels. Same for recall and f1. */
  precision: number;
  recall: number;
  f1: number;
  /** Multiclass only: averages weighted by each label's support. */
  precision_weighted?: number;
  recall_weighted?: number;
  f1_weighted?: number;
  /** Present when a score or probabilities were given. */
  roc_auc?: number;
  log_loss?: number;
  /** Rows are true labels, columns predicted labels, both sorted as sklearn sorts them. */
  confusion_matrix: ConfusionMatrix;
  /** Binary only: the positive label used. */
  positive_label?: string;
}

/**
 * Classification metrics matching sklearn 1.2.1, computed in one pass over the labels.
 *
 * The task is binary when target and prediction together hold at most two distinct
 * labels, multiclass otherwise (so a window of a multiclass model in which only two
 * classes occur is scored as binary, and needs a positive label, unless `multiclass`
 * is set).
 * - accuracy: `accuracy_score`.
 * - binary: precision, recall and F1 of the positive label (`average="binary"`),
 *   ROC AUC (`roc_auc_score`) and log loss (`log_loss`) from `score`, or, without
 *   `score`, from the positive label's probability column and all columns.
 * - multiclass: macro and weighted precision, recall and F1; with `probabilities`,
 *   one-vs-rest macro ROC AUC (`roc_auc_score(multi_class="ovr")`) and log loss.
 * - `confusion_matrix`: as `confusion_matrix`, over the union of labels, sorted.
 * Undefined values are 0 for precision, recall and F1 (sklearn's default
 * zero_division) and NaN for ROC AUC and log loss (where sklearn raises, e.g. a
 * target of a single class for ROC AUC). No rows: every metric is NaN.
 *
 * @param input target and prediction labels, optional positive label and scores
 * @throws RangeError when the target, prediction, score or probability columns differ
 *   in length, or probabilities' classes and columns differ in number
 * @throws Error when a binary task's positive label cannot be told (pass
 *   --positive-label), or the given one is not among its two labels
 * @example classificationMetrics({ target: ['1', '0', '1', '1'], prediction: ['1', '0', '0', '1'] })
 * // => accuracy 0.75, precision 1, recall 2/3, f1 0.8, positive_label '1',
 * //    confusion_matrix { labels: ['0', '1'], matrix: [[1, 0], [1, 2]] }
 */
export function classificationMetrics(input: ClassificationInput): ClassificationMetrics {
  const encoded = encodeLabels(input.target, input.prediction);
  checkScoreShapes(input, encoded.target.length);
  const cm = confusionMatrix(encoded);
  if (encoded.target.length === 0) return emptyMetrics(input, cm);
  return encoded.labels.length <= 2 && input.multiclass !== true ? binaryMetrics(input, encoded, cm) : multiclassMetrics(input, encoded, cm);
}

function binaryMetrics(input: ClassificationInput, encoded: EncodedLabels, cm: ConfusionMatrix): ClassificationMetrics {
  const { labels } = encoded;
  const positive = input.positiveLabel ?? defaultPositiveLabel(labels);
  const seen = `[${labels.map((l) => JSON.stringify(l)).join(', ')}]`;
  if (positive === undefined) {
    throw new Error(`cannot tell the positive class of this binary task from its labels ${seen}: pass --positive-label with one of them`);
  }
  if (labels.length === 2 && !labels.includes(positive)) {
    throw new Error(`positive label ${JSON.stringify(positive)} is not among the labels seen ${seen}: pass --positive-label with one of them`);
  }
  const out: ClassificationMetrics = { accuracy: accuracy(cm), ...binaryPrecisionRecallF1(cm, positive), confusion_matrix: cm };
  const p = labels.indexOf(positive);
  if (input.score !== undefined) {
    const isPositive = new Uint8Array(encoded.target.length);
    for (let i = 0; i < isPositive.length; i++) isPositive[i] = encoded.target[i] === p ? 1 : 0;
    out.roc_auc = rocAucBinary(isPositive, input.score);
    out.log_loss = logLossBinary(isPositive, input.score);
  } else if (input.probabilities !== undefined) {
    const targetClass = targetClassIndex(encoded, input.probabilities.classes);
    const column = input.probabilities.classes.indexOf(positive);
    const isPositive = new Uint8Array(targetClass.length);
    for (let i = 0; i < isPositive.length; i++) isPositive[i] = targetClass[i] === column ? 1 : 0;
    out.roc_auc = column < 0 ? NaN : rocAucBinary(isPositive, input.probabilities.columns[column]);
    out.log_loss = logLossMulticlass(targetClass, input.probabilities.columns);
  }
  out.positive_label = positive;
  return out;
}

function multiclassMetrics(input: ClassificationInput, encoded: EncodedLabels, cm: ConfusionMatrix): ClassificationMetrics {
  const { macro, weighted } = averagedPrecisionRecallF1(cm);
  const out: ClassificationMetrics = {
    accuracy: accuracy(cm),
    ...macro,
    precision_weighted: weighted.precision,
    recall_weighted: weighted.recall,
    f1_weighted: weighted.f1,
    confusion_matrix: cm,
  };
  if (input.probabilities !== undefined) {
    const targetClass = targetClassIndex(encoded, input.probabilities.classes);
    out.roc_auc = rocAucOneVsRest(targetClass, input.probabilities.columns);
    out.log_loss = logLossMulticlass(targetClass, input.probabilities.columns);
  }
  return out;
}

function emptyMetrics(input: ClassificationInput, cm: ConfusionMatrix): ClassificationMetrics {
  const out: ClassificationMetrics = { accuracy: NaN, precision: NaN, recall: NaN, f1: NaN, confusion_matrix: cm };
  if (input.score !== undefined || input.probabilities !== undefined) {
    out.roc_auc = NaN;
    out.log_loss = NaN;
  }
  if (input.positiveLabel !== undefined) out.positive_label = input.positiveLabel;
  return out;
}

/** Each row's true class as an index into `classes`, −1 when the class has no column. */
function targetClassIndex(encoded: EncodedLabels, classes: readonly string[]): Int32Array {
  const columnOf = new Int32Array(encoded.labels.length);
  for (let l = 0; l < columnOf.length; l++) columnOf[l] = classes.indexOf(encoded.labels[l]);
  const out = new Int32Array(encoded.target.length);
  for (let i = 0; i < out.length; i++) out[i] = columnOf[encoded.target[i]];
  return out;
}

function checkScoreShapes(input: ClassificationInput, n: number): void {
  if (input.score !== undefined && input.score.length !== n) {
    throw new RangeError(`score has ${input.score.length} values but there are ${n} rows; they must be aligned row by row`);
  }
  const probabilities = input.probabilities;
  if (probabilities === undefined) return;
  const { classes, columns } = probabilities;
  if (classes.length !== columns.length) {
    throw new RangeError(`probabilities name ${classes.length} classes but hold ${columns.length} columns`);
  }
  if (new Set(classes).size !== classes.length) {
    throw new RangeError(`probabilities name a class twice: [${classes.map((c) => JSON.stringify(c)).join(', ')}]`);
  }
  for (let c = 0; c < columns.length; c++) {
    if (columns[c].length !== n) {
      throw new RangeError(`probability column ${JSON.stringify(classes[c])} has ${columns[c].length} values but there are ${n} rows`);
    }
  }
}
