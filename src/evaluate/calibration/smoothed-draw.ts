/**
 * Fills `out` with a sorted sample drawn from the continuous distribution whose
 * quantile function is numpy's linear quantile of `population` (sorted): it climbs
 * linearly between consecutive distinct values and stays flat across ties.
 *
 * Why smoothed: a plain bootstrap draws only the reference's own values, so two
 * resamples tie far more often than two real samples of continuous data, and ties
 * shrink KS and its kin, which would make thresholds too low. Linear interpolation
 * removes those artificial ties, while a value the population repeats (a discrete
 * feature's 0, a rounded price) keeps its whole share of the draws, so real ties
 * survive.
 *
 * The uniforms come out sorted without a sort: exponential spacings (the partial sums
 * of n + 1 standard exponentials, divided by their total, are n sorted uniforms), so
 * a draw costs O(size).
 *
 * @param population values ascending, at least one
 * @param out where the draw goes (its length is the sample size)
 * @param random uniforms in (0, 1)
 */
export function smoothedDraw(population: Float64Array, out: Float64Array, random: () => number): Float64Array {
  const size = out.length;
  const last = population.length - 1;
  let total = 0;
  for (let i = 0; i < size; i++) {
    total -= Math.log(random());
    out[i] = total;
  }
  total -= Math.log(random());
  const scale = last / total;
  for (let i = 0; i < size; i++) {
    const h = out[i] * scale;
    const j = Math.floor(h);
    const x = population[j];
    out[i] = j < last ? x + (h - j) * (population[j + 1] - x) : x;
  }
  return out;
}
