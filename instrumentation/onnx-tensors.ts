import type { CellValue } from './observed-inference.js';
import { shortestFloat32 } from './onnx-float32.js';

/**
 * What the patch reads of an onnxruntime Tensor. Duck-typed, so the instrumentation
 * never imports the runtime (an app without onnxruntime-node must not load it).
 */
export interface TensorLike {
  /** 'float32', 'int64', 'string', 'bool', ... (onnxruntime-common's Tensor.Type). */
  readonly type: string;
  readonly dims: readonly number[];
  /** The elements, row-major; a getter that throws for data not in CPU memory. */
  readonly data: unknown;
  /** Where the data lives (onnxruntime-common ≥ 1.16); absent means CPU. */
  readonly location?: string;
}

/** A tensor read as a table: rows along the first dimension, one column per index of the second. */
export interface TensorTable {
  readonly type: string;
  readonly rows: number;
  readonly columns: CellValue[][];
}

const NUMBER_TYPES = new Set(['float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32']);
const BIGINT_TYPES = new Set(['int64', 'uint64']);
const FLOAT_TYPES = new Set(['float32', 'float64', 'float16']);
const READABLE_TYPES = new Set([...NUMBER_TYPES, ...BIGINT_TYPES, 'float32', 'float16', 'bool', 'string']);
const LABEL_TYPES = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'string', 'bool']);

export function isTensorLike(value: unknown): value is TensorLike {
  if (typeof value !== 'object' || value === null) return false;
  const { type, dims } = value as { type?: unknown; dims?: unknown };
  return typeof type === 'string' && Array.isArray(dims) && dims.every((d) => Number.isInteger(d) && d >= 0);
}

export const isFloatTensor = (tensor: TensorLike): boolean => FLOAT_TYPES.has(tensor.type);
/** Integer, string and bool tensors: what a classifier's label output holds. */
export const isLabelTensor = (tensor: TensorLike): boolean => LABEL_TYPES.has(tensor.type);

/**
 * Reads element i of a tensor as a value the convention carries: numbers (float32 as
 * its shortest decimal, int64 as a Number, float16 decoded), booleans, strings.
 * Undefined for a tensor whose data is not in CPU memory (a GPU buffer) or whose type
 * the convention has no value for (4-bit packed integers, complex).
 */
export function cellReader(tensor: TensorLike): ((i: number) => CellValue) | undefined {
  if (tensor.location !== undefined && tensor.location !== 'cpu' && tensor.location !== 'cpu-pinned') return undefined;
  const { type } = tensor;
  if (!READABLE_TYPES.has(type)) return undefined;
  const data = tensor.data as ArrayLike<unknown>;
  if (data === null || typeof data !== 'object' || typeof data.length !== 'number') return undefined;
  if (type === 'float32') return (i) => shortestFloat32(data[i] as number);
  if (NUMBER_TYPES.has(type)) return (i) => data[i] as number;
  if (BIGINT_TYPES.has(type)) return (i) => Number(data[i] as bigint);
  if (type === 'bool') return (i) => data[i] !== 0;
  if (type === 'string') return (i) => (typeof data[i] === 'string' ? (data[i] as string) : null);
  // float16: a Float16Array holds numbers; without one, onnxruntime hands the raw bits in a Uint16Array.
  return data instanceof Uint16Array ? (i) => halfToNumber(data[i]) : (i) => data[i] as number;
}

/**
 * The tensor as rows × columns: a scalar is one row of one column, [N] and [N, 1] are N
 * rows of one column, [N, F] is N rows of F columns. Undefined for rank 3 and more (an
 * image is not tabular), unreadable types, and data shorter than the shape says.
 */
export function tensorTable(tensor: TensorLike): TensorTable | undefined {
  const { dims } = tensor;
  if (dims.length > 2) return undefined;
  const read = cellReader(tensor);
  if (read === undefined) return undefined;
  const rows = dims.length === 0 ? 1 : dims[0];
  const width = dims.length === 2 ? dims[1] : 1;
  if ((tensor.data as ArrayLike<unknown>).length < rows * width) return undefined;
  const columns: CellValue[][] = [];
  for (let j = 0; j < width; j++) {
    const column = new Array<CellValue>(rows);
    for (let r = 0; r < rows; r++) column[r] = read(r * width + j);
    columns.push(column);
  }
  return { type: tensor.type, rows, columns };
}

/** The rows of a [N, K] float tensor as number vectors; undefined for any other shape or type. */
export function floatRows(tensor: TensorLike): number[][] | undefined {
  if (tensor.dims.length !== 2 || !isFloatTensor(tensor)) return undefined;
  const read = cellReader(tensor);
  if (read === undefined) return undefined;
  const [rows, width] = tensor.dims;
  if ((tensor.data as ArrayLike<unknown>).length < rows * width) return undefined;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: width }, (_, k) => read(r * width + k) as number));
}

/** IEEE 754 half precision bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
