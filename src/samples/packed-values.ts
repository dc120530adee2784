import type { FeatureColumn, FeatureValue } from '../extract/inference-batch.js';

/**
 * One sampled record's feature values, packed: numbers side by side in an array of
 * numbers only, and the other values (text, booleans, missing) with their positions.
 * Not for bytes but for the garbage collector: a sample holds 10,000–20,000 records
 * per model version, and boxed numbers are 24 heap objects a record for it to mark
 * and move. Measured in process (bench/ingest-in-process.ts decodeAndConsume, 4
 * versions filling their samples, runs interleaved): 187,000–211,000 spans/s unpacked
 * against 235,000–248,000 packed.
 *
 * The numbers are a plain array, not a Float64Array: V8 keeps an array that holds
 * only numbers as unboxed doubles (nothing in it for the collector to mark either),
 * allocated on the heap in one step, where each Float64Array of a record had a
 * backing store of its own outside the heap. The sample takes a record of a new
 * version's first hundred thousand spans every few dozen, and that allocation was a
 * fifth of the time a take cost (bench/sample-takes.ts).
 */
export interface PackedValues {
  readonly length: number;
  /** Every value's number; 0 at the positions in `otherAt`. Only numbers, so V8 holds them unboxed. */
  readonly numbers: readonly number[];
  /** Positions of the values that are not numbers, ascending; undefined when all are (a plain array: a small typed array costs more). */
  readonly otherAt: number[] | undefined;
  readonly others: FeatureValue[] | undefined;
}

/** Packs values. */
export function packValues(values: readonly FeatureValue[]): PackedValues {
  return packEach(values.length, (i) => values[i]);
}

/** Packs row `row` of columns: the values `columns[i][row]` in column order, a missing one as null. */
export function packRow(columns: readonly FeatureColumn[], row: number): PackedValues {
  return packEach(columns.length, (i) => columns[i][row] ?? null);
}

function packEach(length: number, valueAt: (i: number) => FeatureValue): PackedValues {
  // Filled by push from empty, never a hole: an array of numbers only stays unboxed doubles.
  const numbers: number[] = [];
  let otherCount = 0;
  for (let i = 0; i < length; i++) {
    const value = valueAt(i);
    if (typeof value === 'number') numbers.push(value);
    else {
      numbers.push(0);
      otherCount++;
    }
  }
  if (otherCount === 0) return { length, numbers, otherAt: undefined, others: undefined };
  const otherAt = new Array<number>(otherCount);
  const others = new Array<FeatureValue>(otherCount);
  for (let i = 0, k = 0; i < length; i++) {
    const value = valueAt(i);
    if (typeof value === 'number') continue;
    otherAt[k] = i;
    others[k++] = value;
  }
  return { length, numbers, otherAt, others };
}

/** The values back, in order. */
export function unpackValues(packed: PackedValues): FeatureValue[] {
  const values: FeatureValue[] = packed.numbers.slice();
  if (packed.otherAt !== undefined) packed.otherAt.forEach((at, k) => { values[at] = packed.others![k]; });
  return values;
}
