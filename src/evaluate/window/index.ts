export { nextDown, nextUp } from './adjacent-double.js';
export { categoricalReference } from './categorical-reference.js';
export type { DriftBins, NumericalBins } from './drift-bins.js';
export { DiscreteNumericProfile, type DiscreteNumericProfileOptions } from './discrete-numeric-profile.js';
export { FeatureMonitor, type FeatureMonitorOptions } from './feature-monitor.js';
export {
  OVERFLOW_CATEGORY,
  type CategoricalReference,
  type DiscreteReference,
  type FeatureReference,
  type NumericalReference,
  type WindowSketchOptions,
} from './feature-reference.js';
export { featureReference } from './feature-reference-of-values.js';
export { ksPValueThreshold } from './ks-p-value.js';
export { thresholdAbove, type ThresholdContext } from './method-threshold.js';
export { numericalReference } from './numerical-reference.js';
export { profilePieces, pseudoSample, smearedSample } from './pseudo-sample.js';
export { PROFILE_SAMPLE_POINTS, referenceFromProfile } from './reference-from-profile.js';
export { DEFAULT_BINS, DEFAULT_RESOLUTION, DEFAULT_WINDOW_MAX_BINS, type ReferenceOptions } from './reference-options.js';
export { sketchAccuracy } from './sketch-accuracy.js';
export type { CalibratedThreshold, ThresholdProvider } from './threshold-provider.js';
export type { ValueInterval } from './value-interval.js';
export { DEFAULT_MAX_POINTS, windowDrift, type WindowDrift, type WindowDriftOptions } from './window-drift.js';
export { coarseBinOf, coarseCounts, windowEdges } from './window-edges.js';
export { createWindowProfile, type WindowProfile, type WindowProfileOf } from './window-profile.js';
export { windowQuality } from './window-quality.js';
