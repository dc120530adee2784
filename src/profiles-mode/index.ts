export {
  bucketRepresentative, bucketsOfPoint, bucketTotal, difference, downscaled, representativeError, type ExponentialBuckets,
} from './exponential-buckets.js';
export { ModelIncrements } from './model-increments.js';
export {
  FEATURE_CATEGORY, FEATURE_MISSING, FEATURE_VALUE, INFERENCE_RECORDS, ProfileMetricsConsumer, type ProfileMetricsConsumerOptions, type ProfilesModeSnapshot,
} from './profile-metrics-consumer.js';
export { DEFAULT_MAX_SERIES, SeriesIncrements, type SeriesIncrementsOptions, type SeriesIncrementsSnapshot } from './series-increments.js';
export { profilesModePart } from './profiles-mode-part.js';
