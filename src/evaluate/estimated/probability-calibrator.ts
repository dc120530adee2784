import { rocAucBinary } from '../performance/roc-auc-binary.js';
import { expectedCalibrationError } from './expected-calibration-error.js';
import { fitIsotonicRegression } from './isotonic-regression.js';
import { stratifiedFolds } from './stratified-folds.js';

export interface CalibratorOptions {
  /** Bins of the expected calibration error (see expectedCalibrationError). @default 10 */
  binCount?: number;
  /** Folds of the cross-fitting that decides whether to calibrate. @default 10 */
  folds?: number;
  /** Seed of the fold assignment. @default 1 */
  seed?: number;
}

/** Whether calibration was applied, why, and the calibration function. */
export interface ProbabilityCalibrator {
  applied: boolean;
  /** Why calibration was or was not applied, in one sentence. */
  reason: string;
  /** ECE of the raw scores on the reference (NaN when not measured). */
  eceRaw: number;
  /** ECE of out-of-fold calibrated scores on the reference (NaN when not measured). */
  eceCrossFitted: number;
  /** The calibrated probability of each score; the scores unchanged when not applied. */
  calibrate(scores: Float64Array): Float64Array;
}

/** At or above this reference ROC AUC the classes are (nearly) separable: see below. */
const SEPARABLE_AUC = 0.999;

/**
 * Decides, on a labelled reference, whether isotonic calibration makes the scores
 * better probabilities, and fits it. The rule (NannyML's, nannyml/calibration.py
 * `needs_calibration`, with k-fold cross-fitting instead of its 10 random 10% splits,
 * so every reference row is judged exactly once and no row is judged by a calibrator
 * that saw it):
 *
 * 1. no calibration when the reference holds one class, or fewer than 4 rows (no ECE),
 *    or its ROC AUC is ≥ 0.999: isotonic regression of separable classes is a 0/1
 *    step, which would make every later estimate claim certainty;
 * 2. otherwise the reference is split into k stratified folds; each fold's scores are
 *    calibrated by an isotonic regression fitted on the other folds;
 * 3. calibration is applied iff the ECE of these out-of-fold calibrated scores is
 *    strictly lower than the ECE of the raw scores (same rows, same binning); the
 *    calibrator then applied is refitted on the whole reference.
 *
 * @param scores the reference's score for the positive class per row, no NaN
 * @param outcome 1 for a positive reference row, 0 otherwise
 * @throws RangeError when the arrays differ in length
 */
export function fitProbabilityCalibrator(scores: Float64Array, outcome: Uint8Array, options: CalibratorOptions = {}): ProbabilityCalibrator {
  if (scores.length !== outcome.length) throw new RangeError(`calibrator: ${scores.length} scores but ${outcome.length} outcomes`);
  const binCount = options.binCount ?? 10;
  const k = options.folds ?? 10;
  const identity = (reason: string, eceRaw = NaN, eceCrossFitted = NaN): ProbabilityCalibrator =>
    ({ applied: false, reason, eceRaw, eceCrossFitted, calibrate: (s) => s.slice() });

  let positives = 0;
  for (let i = 0; i < outcome.length; i++) positives += outcome[i] === 0 ? 0 : 1;
  if (positives === 0 || positives === outcome.length) return identity('the reference holds one class');
  if (outcome.length < 4) return identity('the reference has fewer than 4 rows');
  if (rocAucBinary(outcome, scores) >= SEPARABLE_AUC) return identity(`the reference ROC AUC is at least ${SEPARABLE_AUC}: classes are separable`);

  const crossFitted = crossFittedCalibration(scores, outcome, k, options.seed ?? 1);
  const eceRaw = expectedCalibrationError(scores, outcome, binCount);
  const eceCrossFitted = expectedCalibrationError(crossFitted, outcome, binCount);
  if (!(eceCrossFitted < eceRaw)) return identity('cross-fitted calibration does not lower the reference ECE', eceRaw, eceCrossFitted);
  const isotonic = fitIsotonicRegression(scores, outcome);
  return { applied: true, reason: 'cross-fitted calibration lowers the reference ECE', eceRaw, eceCrossFitted, calibrate: (s) => isotonic.predict(s) };
}

/** Each row's score calibrated by an isotonic regression fitted on the other folds. */
function crossFittedCalibration(scores: Float64Array, outcome: Uint8Array, k: number, seed: number): Float64Array {
  const fold = stratifiedFolds(outcome, k, seed);
  const out = new Float64Array(scores.length);
  for (let f = 0; f < k; f++) {
    const trainX: number[] = [];
    const trainY: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      if (fold[i] === f) held.push(i);
      else {
        trainX.push(scores[i]);
        trainY.push(outcome[i]);
      }
    }
    if (held.length === 0) continue;
    const predicted = fitIsotonicRegression(trainX, trainY).predict(held.map((i) => scores[i]));
    held.forEach((row, j) => (out[row] = predicted[j]));
  }
  return out;
}
