export { fitCbpe, type CbpeAnalysis, type CbpeEstimator, type CbpeReference, type EstimatedPerformance } from './cbpe.js';
export { expectedCalibrationError } from './expected-calibration-error.js';
export { expectedConfusionMatrix } from './expected-confusion-matrix.js';
export { expectedMacroPrecisionRecallF1, type ExpectedMacroPrecisionRecallF1 } from './expected-macro-precision-recall-f1.js';
export { expectedMulticlassConfusionMatrix } from './expected-multiclass-confusion-matrix.js';
export { expectedRocAuc } from './expected-roc-auc.js';
export { fitIsotonicRegression, type IsotonicFit } from './isotonic-regression.js';
export { labelPresenceProbability } from './label-presence-probability.js';
export {
  fitMulticlassCbpe,
  type ClassEstimate,
  type EstimatedMulticlassPerformance,
  type MulticlassCbpeAnalysis,
  type MulticlassCbpeEstimator,
  type MulticlassCbpeReference,
} from './multiclass-cbpe.js';
export { fitProbabilityCalibrator, type CalibratorOptions, type ProbabilityCalibrator } from './probability-calibrator.js';
export { renormalisedRows } from './renormalised-rows.js';
export { stratifiedFolds } from './stratified-folds.js';
