import type { CellValue } from './observed-inference.js';
import type { InputColumns } from './row-inputs.js';
import { isTensor, rowsOf, tensorCells, widthOf, type TensorLike } from './tfjs-tensors.js';

/**
 * Reads the input of a TF.js predict/execute call into feature columns: a tensor (the
 * model's only input), an array of tensors (in the model's input order) or a map of
 * input name to tensor. An input of shape [N, F] is F features of N values ([N] is one
 * feature); column k over all inputs in order is named `featureNames[k]`, else `f<j>`
 * for a model's only input and `<input name>_<j>` when there are several. Inputs of
 * higher rank (images, sequences) and inputs whose first dimension is not the first
 * input's give no features: the call is still traced with its batch size and outputs.
 * With `withValues` false (the model captures no input) the tensors' data is not read.
 */
export function tensorInputs(
  input: unknown,
  inputNames: readonly string[] | undefined,
  featureNames: readonly string[] | undefined,
  withValues = true,
): InputColumns | undefined {
  const inputs = namedInputs(input, inputNames ?? []);
  if (inputs.length === 0) return undefined;
  const rows = rowsOf(inputs[0][1]);
  const features = new Map<string, CellValue[]>();
  if (!withValues) return { rows, features };
  const single = inputs.length === 1;
  let column = 0;
  for (const [name, tensor] of inputs) {
    const width = widthOf(tensor);
    if (width === undefined || rowsOf(tensor) !== rows) continue;
    const cells = tensorCells(tensor);
    for (let j = 0; j < width; j++, column++) {
      const values = new Array<CellValue>(rows);
      for (let i = 0; i < rows; i++) values[i] = cells?.[i * width + j] ?? null;
      features.set(featureNames?.[column] ?? (single ? `f${j}` : `${name}_${j}`), values);
    }
  }
  return { rows, features };
}

/** The tensors of a call's input with the names of the model inputs they feed. */
function namedInputs(input: unknown, inputNames: readonly string[]): [string, TensorLike][] {
  if (isTensor(input)) return [[inputNames[0] ?? 'input0', input]];
  if (Array.isArray(input)) {
    return input.flatMap((tensor, k): [string, TensorLike][] => (isTensor(tensor) ? [[inputNames[k] ?? `input${k}`, tensor]] : []));
  }
  if (typeof input === 'object' && input !== null) {
    return Object.entries(input).filter((entry): entry is [string, TensorLike] => isTensor(entry[1]));
  }
  return [];
}
