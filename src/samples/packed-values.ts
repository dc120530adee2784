import type { FeatureValue } from '../extract/inference-batch.js';

/**
 * One sampled record's feature values, packed: numbers side by side in a Float64Array,
 * and the other values (text, booleans, missing) with their positions. Not for bytes
 * (a typed array's own overhead makes a packed record about as large, or larger when
 * all values are numbers: measured 681 against 680 bytes for 24 numbers and 6 texts,
 * 489 against 299 for 30 numbers) but for the garbage collector: a sample holds
 * 10,000–20,000 records per model version, and boxed numbers are 24 heap objects a
 * record for it to mark and move. Measured in process (bench/ingest-in-process.ts
 * decodeAndConsume, 4 versions filling their samples, runs interleaved): 187,000–
 * 211,000 spans/s unpacked against 235,000–248,000 packed.
 */
export interface PackedValues {
  readonly length: number;
  /** Every value's number; at the positions in `otherAt`, unused. */
  readonly numbers: Float64Array;
  /** Positions of the values that are not numbers, ascending; undefined when all are (a plain array: a small typed array costs more). */
  readonly otherAt: number[] | undefined;
  readonly others: FeatureValue[] | undefined;
}

/** Packs values. */
export function packValues(values: readonly FeatureValue[]): PackedValues {
  const numbers = new Float64Array(values.length);
  let otherCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'number') numbers[i] = value;
    else otherCount++;
  }
  if (otherCount === 0) return { length: values.length, numbers, otherAt: undefined, others: undefined };
  const otherAt = new Array<number>(otherCount);
  const others = new Array<FeatureValue>(otherCount);
  for (let i = 0, k = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'number') continue;
    otherAt[k] = i;
    others[k++] = value;
  }
  return { length: values.length, numbers, otherAt, others };
}

/** The values back, in order. */
export function unpackValues(packed: PackedValues): FeatureValue[] {
  const values: FeatureValue[] = Array.from(packed.numbers);
  if (packed.otherAt !== undefined) packed.otherAt.forEach((at, k) => { values[at] = packed.others![k]; });
  return values;
}
