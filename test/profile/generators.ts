/**
 * Seeded data generators for the profile property tests: every data set is
 * reproducible from its name, size and seed, so nothing large is stored.
 */

// One seeded generator for every test: the profile tests know it as rng and normal.
export { seededRandom as rng, standardNormal as normal } from '../helpers/seeded-random.js';
import { seededRandom as rng, standardNormal as normal } from '../helpers/seeded-random.js';

export type NumericGenerator = (u: () => number) => number;

/** Finite-valued numeric data sets, some with negatives, zeros and wide ranges. */
export const numericDataSets: Record<string, NumericGenerator> = {
  uniform: (u) => 20 * u() - 10,
  normal: (u) => 100 + 15 * normal(u),
  // Log-normal with random sign and 2% exact zeros: spans about 14 decades per sign.
  wideLogNormal: (u) => {
    const r = u();
    if (r < 0.02) return 0;
    return (r < 0.35 ? -1 : 1) * Math.exp(3 * normal(u));
  },
  heavyTies: (u) => Math.floor(u() * 5) - 2,
  constant: () => 42.5,
  tiny: (u) => 1e-9 * normal(u),
};

/** `size` finite values from a named data set. */
export function numericSample(name: string, size: number, seed: number): Float64Array {
  const gen = numericDataSets[name];
  const u = rng(seed);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = gen(u);
  return out;
}

const MISSING: unknown[] = [null, undefined, '', NaN, Infinity, -Infinity, '  ', 'NaN'];
const MISMATCHED: unknown[] = ['abc', true, {}, [1], '0x10'];

/**
 * `values` interleaved with missing values (about 5%) and type mismatches (about
 * 2%), and about 5% of the values given as decimal strings. The finite values, in
 * order, are exactly `values`.
 */
export function withNoise(
  values: Float64Array,
  seed: number,
): { records: unknown[]; missing: number; mismatched: number } {
  const u = rng(seed ^ 0x5bd1e995);
  const records: unknown[] = [];
  let missing = 0;
  let mismatched = 0;
  for (const x of values) {
    for (;;) {
      const r = u();
      if (r < 0.05) {
        records.push(MISSING[Math.floor(u() * MISSING.length)]);
        missing++;
      } else if (r < 0.07) {
        records.push(MISMATCHED[Math.floor(u() * MISMATCHED.length)]);
        mismatched++;
      } else break;
    }
    records.push(u() < 0.05 ? String(x) : x);
  }
  return { records, missing, mismatched };
}

/** Categories with Zipf-like frequencies over `distinct` names, plus noise records. */
export function categoricalSample(size: number, distinct: number, seed: number): unknown[] {
  const u = rng(seed);
  const out: unknown[] = [];
  for (let i = 0; i < size; i++) {
    const r = u();
    if (r < 0.04) out.push(r < 0.02 ? null : '');
    else if (r < 0.05) out.push({ nested: true });
    else {
      // Rank k with probability proportional to 1 / (k + 1), by inverting a log.
      const k = Math.min(distinct - 1, Math.floor(Math.exp(u() * Math.log(distinct + 1)) - 1));
      out.push(k % 7 === 3 ? k : `c${k}`);
    }
  }
  return out;
}

/**
 * The q-quantile of sorted finite values by numpy's default linear method, with the
 * same interpolation formula numpy 1.24 uses (_lerp).
 */
export function exactQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const r = q * (n - 1);
  const i = Math.floor(r);
  const f = r - i;
  const a = sorted[i];
  if (f === 0) return a;
  const b = sorted[i + 1];
  const d = b - a;
  return f >= 0.5 ? b - d * (1 - f) : a + d * f;
}
