import type { CellValue } from './observed-inference.js';
import { floatRows, isFloatTensor, isLabelTensor, isTensorLike, tensorTable, type TensorLike } from './onnx-tensors.js';
import { fromProbabilities, type OutputColumns } from './prediction-outputs.js';

/** The outputs of one `run` call, and the rows they have (for a call whose inputs said nothing). */
export interface OnnxOutputColumns extends OutputColumns {
  readonly rows?: number;
}

/** How far a row of probabilities may sum from 1 (float32 softmax rounding is far below). */
const SUM_TOLERANCE = 1e-3;

/**
 * Reads a run's result (output name → Tensor) into predictions, outputs in the model's
 * order:
 * - a [N, K] float output whose rows are probabilities (each in [0, 1], summing to 1)
 *   gives the class probabilities, labelled by `classes`, the predicted class and its score;
 * - an integer, string or bool output of shape [N] or [N, 1] is the predicted label, and
 *   wins over the probabilities' arg-max for `ml.prediction` (sklearn-onnx classifiers
 *   have both, `label` and `probabilities`);
 * - otherwise a float [N] or [N, 1] output is the predicted value (regression), or, for a
 *   model declared a classifier (`classes` of two, or task 'classification') whose values
 *   are in [0, 1], the probability of the positive class (a sigmoid output).
 * Other outputs (logits, embeddings, images) are not read. `rows`, when known from the
 * inputs, must match an output's first dimension for it to count.
 */
export function onnxOutputColumns(
  result: unknown,
  outputNames: readonly string[],
  rows: number | undefined,
  model: { readonly classes?: readonly (string | number)[]; readonly task?: string },
): OnnxOutputColumns {
  if (typeof result !== 'object' || result === null) return {};
  const tensors: TensorLike[] = [];
  const record = result as Record<string, unknown>;
  for (const name of [...outputNames, ...Object.keys(record).filter((key) => !outputNames.includes(key))]) {
    const value = record[name];
    if (isTensorLike(value) && (rows === undefined || firstDimension(value) === rows)) tensors.push(value);
  }
  let labels: CellValue[] | undefined;
  let probabilities: number[][] | undefined;
  let values: CellValue[] | undefined;
  for (const tensor of tensors) {
    if (labels === undefined && isLabelTensor(tensor)) labels = singleColumn(tensor);
    else if (probabilities === undefined && isFloatTensor(tensor) && tensor.dims.length === 2 && tensor.dims[1] >= 2) {
      probabilities = probabilityRows(tensor);
    } else if (values === undefined && isFloatTensor(tensor)) values = singleColumn(tensor);
  }
  const outputRows = rows ?? (tensors.length > 0 ? firstDimension(tensors[0]) : undefined);
  const withRows = outputRows === undefined ? {} : { rows: outputRows };
  if (probabilities === undefined && labels === undefined && values !== undefined && isBinaryClassifier(model) && values.every(isProbability)) {
    probabilities = (values as number[]).map((p) => [1 - p, p]);
  }
  if (probabilities !== undefined) {
    const columns = fromProbabilities(probabilities, model.classes);
    return { ...withRows, ...columns, ...(labels === undefined ? {} : { predictions: labels }) };
  }
  if (labels !== undefined) return { ...withRows, predictions: labels };
  if (values !== undefined) return { ...withRows, predictions: values };
  return withRows;
}

const firstDimension = (tensor: TensorLike): number => (tensor.dims.length === 0 ? 1 : tensor.dims[0]);

/** The values of a [N] or [N, 1] output (or a scalar), else undefined. */
function singleColumn(tensor: TensorLike): CellValue[] | undefined {
  if (tensor.dims.length === 2 && tensor.dims[1] !== 1) return undefined;
  return tensorTable(tensor)?.columns[0];
}

function probabilityRows(tensor: TensorLike): number[][] | undefined {
  const rows = floatRows(tensor);
  if (rows === undefined) return undefined;
  for (const row of rows) {
    let sum = 0;
    for (let k = 0; k < row.length; k++) {
      if (!isProbability(row[k])) return undefined;
      sum += row[k];
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) return undefined;
  }
  return rows;
}

function isBinaryClassifier(model: { readonly classes?: readonly unknown[]; readonly task?: string }): boolean {
  return model.classes?.length === 2 || (model.task === 'classification' && (model.classes === undefined || model.classes.length === 2));
}

const isProbability = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
