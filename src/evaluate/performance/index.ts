export { accuracy } from './accuracy.js';
export { averagedPrecisionRecallF1, type AveragedPrecisionRecallF1 } from './averaged-precision-recall-f1.js';
export { binaryPrecisionRecallF1 } from './binary-precision-recall-f1.js';
export {
  classificationMetrics,
  type ClassificationInput,
  type ClassificationMetrics,
  type ClassProbabilities,
} from './classification-metrics.js';
export { compareCodePoints } from './compare-code-points.js';
export { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
export { defaultPositiveLabel } from './default-positive-label.js';
export { encodeLabels, type EncodedLabels } from './encode-labels.js';
export { logLossBinary } from './log-loss-binary.js';
export { logLossMulticlass } from './log-loss-multiclass.js';
export { mannWhitneyAuc } from './mann-whitney-auc.js';
export { meanAbsoluteError } from './mean-absolute-error.js';
export { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
export { meanSquaredError } from './mean-squared-error.js';
export { precisionRecallF1, type PrecisionRecallF1 } from './precision-recall-f1.js';
export { r2Score } from './r2-score.js';
export { regressionMetrics, type RegressionMetrics } from './regression-metrics.js';
export { rocAucBinary } from './roc-auc-binary.js';
export { rocAucOneVsRest } from './roc-auc-one-vs-rest.js';
export { rootMeanSquaredError } from './root-mean-squared-error.js';
