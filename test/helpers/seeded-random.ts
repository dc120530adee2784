/**
 * Reproducible random data for tests and benchmarks, so nothing large is stored and
 * every run sees the same values.
 */

/** mulberry32 (Tommy Ettinger): a 32-bit-state generator of uniforms in (0, 1), never 0 or 1. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/** A standard normal draw by Box–Muller (one of the pair). */
export function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** n normal draws with the given mean and standard deviation. */
export function normalSample(n: number, seed: number, mean = 0, sd = 1): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: n }, () => mean + sd * standardNormal(random));
}
