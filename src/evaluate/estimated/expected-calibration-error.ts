/** Probabilities closer than this sort as equal (see below). */
const TIE_RESOLUTION = 1e-12;

/**
 * Expected calibration error of probabilities against 0/1 outcomes, with NannyML's
 * binning (nannyml/calibration.py, `_get_bin_index_edges` and
 * `_calculate_expected_calibration_error`; the ECE of Naeini, Cooper & Hauskrecht,
 * AAAI 2015, with equal-count bins):
 *
 *   sort the rows by probability; width = floor(n / B); the bins are the runs of
 *   rows [0, w), [w, 2w), …, the last one running to n (so it takes the remainder,
 *   and there are floor(n / w) bins, which can exceed B: n = 25, B = 10 gives
 *   width 2 and 12 bins); when n ≤ 2B, B becomes floor(n / 2).
 *   ECE = Σ_bins (rows in bin / n) · |mean probability in bin − share of 1s in bin|
 *
 * Equal-count bins, unlike the equal-width bins of Guo et al. (2017), never leave a
 * bin empty or a score range unweighted however the scores crowd near 0 and 1.
 * Rows with equal probabilities keep their input order (a stable sort); NannyML's
 * numpy quicksort leaves that order unspecified, which only matters for tied rows
 * that straddle a bin edge. Probabilities are compared on a grid of 1e-12
 * (TIE_RESOLUTION), so rows whose probabilities differ by rounding alone count as
 * tied too: isotonic calibration gives the rows of one block the same probability in
 * exact arithmetic, but two fits that pool the same block in another order (another
 * fold, another implementation) can leave them 1 ulp apart, and that noise would
 * otherwise decide which rows cross a bin edge, and move the ECE by far more than 1 ulp.
 *
 * @param probability the probability of the positive class per row, no NaN
 * @param outcome 1 for a positive row, 0 otherwise
 * @param binCount B, the requested number of bins (NannyML's default is 10)
 * @returns a value in [0, 1]; NaN when there are fewer than 4 rows (NannyML raises:
 *   fewer than 2 bins of 2)
 * @throws RangeError when the arrays differ in length
 * @example expectedCalibrationError([0.1, 0.2, 0.8, 0.9], Uint8Array.of(0, 1, 1, 1), 2)
 * // => 0.5·|0.15 − 0.5| + 0.5·|0.85 − 1| = 0.25
 */
export function expectedCalibrationError(probability: ArrayLike<number>, outcome: ArrayLike<number>, binCount = 10): number {
  const n = probability.length;
  if (outcome.length !== n) throw new RangeError(`expected calibration error: ${n} probabilities but ${outcome.length} outcomes`);
  const bins = n <= 2 * binCount ? Math.floor(n / 2) : binCount;
  if (bins < 2) return NaN;
  const width = Math.floor(n / bins);
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = Math.floor(probability[i] / TIE_RESOLUTION + 0.5);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a] - key[b]);
  let ece = 0;
  for (let start = 0; start < n; ) {
    const end = start + 2 * width <= n ? start + width : n;
    let sumProbability = 0;
    let positives = 0;
    for (let k = start; k < end; k++) {
      sumProbability += probability[order[k]];
      positives += outcome[order[k]] === 0 ? 0 : 1;
    }
    const rows = end - start;
    ece += (rows / n) * Math.abs(sumProbability / rows - positives / rows);
    start = end;
  }
  return ece;
}
