/**
 * A seeded generator of uniforms in (0, 1), never 0 or 1, so calibrations are
 * reproducible: a Weyl sequence (step 0x9E3779B9, the golden ratio in 32 bits)
 * scrambled by the 32-bit finaliser of MurmurHash3 (Appleby, public domain). Not
 * for cryptography; its 2^32 period is far above the draws of one calibration.
 *
 * @param seed any integer (taken modulo 2^32)
 * @example const u = seededUniform(1); u() // => a number in (0, 1), the same on every run
 */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return (z + 0.5) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed, so each calibration has its own stream whatever the order they run in. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x01000193);
    h ^= h >>> 15;
  }
  return h >>> 0;
}
