import { compareCodePoints } from './compare-code-points.js';

/** Target and prediction as indices into one sorted label set. */
export interface EncodedLabels {
  /** The union of target and prediction labels, sorted by code point as sklearn does. */
  labels: string[];
  /** `labels[target[i]]` is the i-th target label. */
  target: Int32Array;
  /** `labels[prediction[i]]` is the i-th predicted label. */
  prediction: Int32Array;
}

/**
 * Replaces each label by its index in the sorted union of target and prediction
 * labels (`sklearn.utils.multiclass.unique_labels(y_true, y_pred)`), so every later
 * pass works on integers instead of hashing strings again.
 *
 * @param target true labels
 * @param prediction predicted labels, aligned with target
 * @returns the sorted label set and both columns encoded against it
 * @throws RangeError when the two arrays differ in length
 * @example encodeLabels(['b', 'a'], ['b', 'c'])
 * // => { labels: ['a', 'b', 'c'], target: [1, 0], prediction: [1, 2] }
 */
export function encodeLabels(target: readonly string[], prediction: readonly string[]): EncodedLabels {
  const n = target.length;
  if (prediction.length !== n) {
    throw new RangeError(
      `target has ${n} labels but prediction has ${prediction.length}; they must be aligned row by row`,
    );
  }
  const firstSeen = new Map<string, number>();
  const targetCodes = new Int32Array(n);
  const predictionCodes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    targetCodes[i] = codeOf(firstSeen, target[i]);
    predictionCodes[i] = codeOf(firstSeen, prediction[i]);
  }
  const labels = [...firstSeen.keys()].sort(compareCodePoints);
  // Codes were handed out in order of first appearance; renumber them in sorted order.
  const rank = new Int32Array(labels.length);
  for (let r = 0; r < labels.length; r++) rank[firstSeen.get(labels[r])!] = r;
  for (let i = 0; i < n; i++) {
    targetCodes[i] = rank[targetCodes[i]];
    predictionCodes[i] = rank[predictionCodes[i]];
  }
  return { labels, target: targetCodes, prediction: predictionCodes };
}

function codeOf(codes: Map<string, number>, label: string): number {
  let code = codes.get(label);
  if (code === undefined) {
    code = codes.size;
    codes.set(label, code);
  }
  return code;
}
