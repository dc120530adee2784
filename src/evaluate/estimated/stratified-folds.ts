import { seededUniform } from '../calibration/seeded-random.js';

/**
 * Assigns each row to one of k folds so that every fold holds about the same share
 * of each class: the rows of each class are shuffled (Fisher–Yates, seeded) and dealt
 * round-robin, the deal of each class starting where the previous one stopped so fold
 * sizes differ by at most one. Seeded rather than by row order, so a reference sorted
 * by time or by score still gives folds that look alike.
 *
 * @param outcome the class (0 or 1) of each row
 * @param k the number of folds, at least 2
 * @param seed the shuffle's seed; the same seed gives the same folds
 * @returns the fold index, in [0, k), of each row
 * @example stratifiedFolds(Uint8Array.of(0, 0, 1, 1), 2, 1) // => each fold holds one 0 and one 1
 */
export function stratifiedFolds(outcome: ArrayLike<number>, k: number, seed: number): Int32Array {
  const uniform = seededUniform(seed);
  const fold = new Int32Array(outcome.length);
  let next = 0;
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < outcome.length; i++) if ((outcome[i] === 0 ? 0 : 1) === cls) rows.push(i);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    for (const row of rows) {
      fold[row] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}
