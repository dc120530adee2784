import { decodeNumbers } from './fixtures.js';

/**
 * Replays the sample recipes of test/fixtures/drift_samples.py, so that fixtures store
 * a seed instead of 100,000 values. Both sides draw from a 32-bit xorshift generator
 * (Marsaglia 2003, shifts 13, 17, 5), map the state exactly to a double in (0, 1) as
 * state / 2^32, and shape it with correctly rounded IEEE-754 operations only (+, -,
 * *, /, sqrt, floor), so Python and JavaScript produce bit-identical doubles.
 */
export type SampleRecipe =
  | { kind: 'constant'; n: number; value: number }
  | { kind: 'uniform'; seed: number; n: number; lo: number; hi: number }
  | { kind: 'normal'; seed: number; n: number; loc: number; scale: number }
  | { kind: 'pareto'; seed: number; n: number; loc: number; scale: number }
  | { kind: 'integers'; seed: number; n: number; lo: number; k: number };

export type SampleSpec = SampleRecipe | { values: ReadonlyArray<number | string | null> };

const TWO_POW_32 = 4294967296;

/** A function returning the next uniform double in (0, 1) of a xorshift32 stream. */
export function xorshift32(seed: number): () => number {
  if (!Number.isInteger(seed) || seed <= 0 || seed >= TWO_POW_32) {
    throw new RangeError(`xorshift32 seed must be an integer in [1, 2^32), got ${seed}`);
  }
  let state = seed | 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / TWO_POW_32;
  };
}

export function drawRecipe(recipe: SampleRecipe): Float64Array {
  const out = new Float64Array(recipe.n);
  if (recipe.kind === 'constant') return out.fill(recipe.value);
  const u = xorshift32(recipe.seed);
  switch (recipe.kind) {
    case 'uniform':
      for (let i = 0; i < out.length; i++) out[i] = recipe.lo + (recipe.hi - recipe.lo) * u();
      break;
    case 'normal':
      // Irwin-Hall: the sum of 12 uniforms minus 6 has mean 0 and variance 1.
      for (let i = 0; i < out.length; i++) {
        let s = 0;
        for (let k = 0; k < 12; k++) s += u();
        out[i] = recipe.loc + recipe.scale * (s - 6);
      }
      break;
    case 'pareto':
      for (let i = 0; i < out.length; i++) out[i] = recipe.loc + recipe.scale * (1 / Math.sqrt(u()) - 1);
      break;
    case 'integers':
      for (let i = 0; i < out.length; i++) out[i] = recipe.lo + Math.floor(recipe.k * u());
      break;
  }
  return out;
}

/** A sample given either explicit values (NaN and infinities as strings) or a recipe. */
export function drawSample(spec: SampleSpec): Float64Array {
  return 'values' in spec ? decodeNumbers(spec.values) : drawRecipe(spec);
}
