export type { Profile } from './types.js';
export {
  CategoricalProfile,
  DEFAULT_MAX_CATEGORIES,
  type CategoricalProfileOptions,
  type SerializedCategoricalProfile,
} from './categorical-profile.js';
export { IncompatibleProfileError } from './incompatible-profile-error.js';
export {
  NumericProfile,
  NUMERIC_PROFILE_OVERHEAD_BYTES,
  type NumericProfileOptions,
  type SerializedNumericProfile,
} from './numeric-profile.js';
export { numericValue } from './numeric-value.js';
export {
  QuantileSketch,
  DEFAULT_MAX_BINS,
  DEFAULT_RELATIVE_ACCURACY,
  ZERO_THRESHOLD,
  type QuantileSketchOptions,
  type SerializedQuantileSketch,
} from './quantile-sketch.js';
export { BinCounts } from './bin-counts.js';
