import type { CellValue } from './observed-inference.js';
import { isTensorLike, tensorTable, type TensorTable } from './onnx-tensors.js';

/** The features of one `run` call and its row count (undefined when no input was tabular). */
export interface OnnxInputColumns {
  readonly rows: number | undefined;
  readonly features: Map<string, CellValue[]>;
}

/**
 * Reads a run's feeds (input name → Tensor) into feature columns, inputs in the
 * model's order: an input of shape [N, F] gives F features, [N] or [N, 1] one. Column
 * names: `featureNames` when it names exactly every column (across all inputs, in
 * order), else `<input>_<j>` for a wide input and the input's own name for a single
 * column (sklearn-onnx models with one input per column need no configuration).
 * Inputs of rank 3 or more (images, sequences) and non-tensor values give no features.
 */
export function onnxInputColumns(
  feeds: unknown,
  inputNames: readonly string[],
  featureNames: readonly string[] | undefined,
): OnnxInputColumns {
  const features = new Map<string, CellValue[]>();
  if (typeof feeds !== 'object' || feeds === null) return { rows: undefined, features };
  const tables: { input: string; table: TensorTable }[] = [];
  for (const input of orderedKeys(feeds as Record<string, unknown>, inputNames)) {
    const tensor = (feeds as Record<string, unknown>)[input];
    const table = isTensorLike(tensor) ? tensorTable(tensor) : undefined;
    if (table !== undefined) tables.push({ input, table });
  }
  const width = tables.reduce((sum, { table }) => sum + table.columns.length, 0);
  const names = featureNames?.length === width ? featureNames : undefined;
  let k = 0;
  for (const { input, table } of tables) {
    table.columns.forEach((column, j) => {
      const name = names?.[k] ?? (table.columns.length === 1 ? input : `${input}_${j}`);
      features.set(name, column);
      k++;
    });
  }
  return { rows: tables[0]?.table.rows, features };
}

/** The model's input names first, in its order, then any other keys of the feeds. */
function orderedKeys(feeds: Record<string, unknown>, inputNames: readonly string[]): string[] {
  const keys = inputNames.filter((name) => Object.hasOwn(feeds, name));
  for (const key of Object.keys(feeds)) if (!keys.includes(key)) keys.push(key);
  return keys;
}
