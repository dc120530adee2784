/**
 * The probability that a class is the true label of at least one row of a window,
 * given each row's probability p_i of being it (rows independent): 1 − Π(1 − p_i).
 * It weighs a class that is never predicted in the expected macro average
 * (expectedMacroPrecisionRecallF1), as sklearn's macro average counts a class only
 * when it occurs in the target or the prediction.
 *
 * @param probability each row's probability of the class
 * @returns a value in [0, 1]; 0 for no rows
 * @example labelPresenceProbability(Float64Array.of(0.5, 0.5)) // => 0.75
 */
export function labelPresenceProbability(probability: ArrayLike<number>): number {
  let absent = 1;
  for (let i = 0; i < probability.length && absent > 0; i++) absent *= 1 - probability[i];
  return 1 - absent;
}
