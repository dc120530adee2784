export { fitCbpe, type CbpeAnalysis, type CbpeEstimator, type CbpeReference, type EstimatedPerformance } from './cbpe.js';
export { expectedCalibrationError } from './expected-calibration-error.js';
export { expectedConfusionMatrix } from './expected-confusion-matrix.js';
export { expectedRocAuc } from './expected-roc-auc.js';
export { fitIsotonicRegression, type IsotonicFit } from './isotonic-regression.js';
export { fitProbabilityCalibrator, type CalibratorOptions, type ProbabilityCalibrator } from './probability-calibrator.js';
export { stratifiedFolds } from './stratified-folds.js';
