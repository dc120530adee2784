/**
 * The class `ml.prediction.score` is the probability of, for a binary classifier
 * (CONVENTIONS.md §1): the predicted label whose predictions carry the higher mean
 * score, since a binary classifier predicts the positive class when its probability
 * is the larger. Undefined unless exactly two labels were predicted with scores.
 */
export function scoredPositiveClass(predictions: readonly string[], scores: readonly (number | null)[]): string | undefined {
  const sums = new Map<string, { sum: number; count: number }>();
  predictions.forEach((label, i) => {
    const score = scores[i];
    if (score === null || !Number.isFinite(score)) return;
    const entry = sums.get(label) ?? { sum: 0, count: 0 };
    entry.sum += score;
    entry.count++;
    sums.set(label, entry);
  });
  if (sums.size !== 2) return undefined;
  const [[a, sa], [b, sb]] = [...sums];
  const meanA = sa.sum / sa.count;
  const meanB = sb.sum / sb.count;
  return meanA === meanB ? undefined : meanA > meanB ? a : b;
}
