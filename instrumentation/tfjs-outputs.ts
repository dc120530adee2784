import type { CellValue } from './observed-inference.js';
import { fromProbabilities, type OutputColumns } from './prediction-outputs.js';
import { isTensor, rowsOf, tensorCells, widthOf, type TensorLike } from './tfjs-tensors.js';
import type { ModelOptions } from './types.js';

/** A TF.js call's output columns and the rows its output has. */
export interface TensorOutputs extends OutputColumns {
  readonly rows?: number;
}

/** Tolerance on a probability row's sum: float32 softmax rows sum to 1 within ~1e-6. */
const SUM_TOLERANCE = 1e-3;

/**
 * Reads the result of a TF.js predict/execute call (a tensor, or the first tensor of an
 * array or a map of outputs) into output columns:
 * - [N, K] (K >= 2) whose rows are probability distributions: the class of the largest
 *   probability (labelled by `classes`), its score and every class's probability;
 *   other [N, K] outputs (logits, several regression targets) give no columns, as no
 *   single prediction per row can be read from them without guessing;
 * - [N] or [N, 1]: one prediction per row (regression). When the model is a binary
 *   classifier (`task: 'classification'` or two `classes`) and a float output is in
 *   [0, 1], it is the positive class's probability (a sigmoid output); an integer
 *   output with `classes` is a class index, reported as its label.
 */
export function tensorOutputs(result: unknown, options: Pick<ModelOptions, 'classes' | 'task'>): TensorOutputs {
  const tensor = firstTensor(result);
  if (tensor === undefined) return {};
  const rows = rowsOf(tensor);
  const width = widthOf(tensor);
  const cells = width === undefined ? undefined : tensorCells(tensor);
  if (width === undefined || cells === undefined) return { rows };
  if (tensor.shape.length === 2 && width >= 2) {
    const matrix = Array.from({ length: rows }, (_, i) => cells.slice(i * width, (i + 1) * width));
    return matrix.every(isDistribution) ? { rows, ...fromProbabilities(matrix as number[][], options.classes) } : { rows };
  }
  const { classes } = options;
  const binary = options.task === 'classification' || classes?.length === 2;
  if (binary && tensor.dtype === 'float32' && cells.every(isProbability)) {
    return { rows, ...fromProbabilities((cells as number[]).map((p) => [1 - p, p]), classes) };
  }
  if (classes !== undefined && tensor.dtype === 'int32') {
    return { rows, predictions: cells.map((index) => (typeof index === 'number' ? classes[index] ?? index : index)) };
  }
  return { rows, predictions: cells };
}

function firstTensor(result: unknown): TensorLike | undefined {
  if (isTensor(result)) return result;
  if (Array.isArray(result)) return result.find(isTensor);
  if (typeof result === 'object' && result !== null) return Object.values(result).find(isTensor);
  return undefined;
}

function isProbability(value: CellValue): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isDistribution(row: readonly CellValue[]): boolean {
  let sum = 0;
  for (const p of row) {
    if (!isProbability(p)) return false;
    sum += p as number;
  }
  return Math.abs(sum - 1) < SUM_TOLERANCE;
}
