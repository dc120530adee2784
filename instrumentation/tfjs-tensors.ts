import type { CellValue } from './observed-inference.js';

/**
 * The part of a TensorFlow.js tensor the instrumentation reads. Duck-typed: the
 * runtime is the app's (@tensorflow/tfjs, tfjs-node, any 3.x or 4.x copy), never a
 * dependency of modelwatch, and tensors from two copies of tfjs-core are not
 * `instanceof` one another's Tensor.
 */
export interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly isDisposed?: boolean;
  dataSync(): ArrayLike<unknown>;
}

export function isTensor(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<TensorLike>;
  return Array.isArray(candidate.shape) && typeof candidate.dtype === 'string' && typeof candidate.dataSync === 'function';
}

/**
 * A tensor's values, flat in row-major order, as span cells: numbers, strings, and
 * booleans for a `bool` tensor (whose data is 0/1 bytes). Undefined for a disposed
 * tensor or one whose values have no cell type (complex64).
 */
export function tensorCells(tensor: TensorLike): CellValue[] | undefined {
  if (tensor.isDisposed === true || tensor.dtype === 'complex64') return undefined;
  const data = tensor.dataSync();
  const cells = new Array<CellValue>(data.length);
  if (tensor.dtype === 'bool') {
    for (let i = 0; i < data.length; i++) cells[i] = data[i] === 1 || data[i] === true;
    return cells;
  }
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    cells[i] = typeof value === 'number' || typeof value === 'string' ? value : null;
  }
  return cells;
}

/** The first dimension of a tensor: its rows, 1 for a scalar. */
export function rowsOf(tensor: TensorLike): number {
  return tensor.shape.length === 0 ? 1 : tensor.shape[0];
}

/** Columns per row of a tensor of rank at most 2 ([N] has one); undefined for higher ranks (an image, a sequence). */
export function widthOf(tensor: TensorLike): number | undefined {
  switch (tensor.shape.length) {
    case 0:
    case 1:
      return 1;
    case 2:
      return tensor.shape[1];
    default:
      return undefined;
  }
}
