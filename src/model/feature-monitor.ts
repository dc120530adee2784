import type { CategoricalProfile } from '../profile/categorical-profile.js';
import type { NumericProfile } from '../profile/numeric-profile.js';
import type { FeatureSignal } from '../pipeline/window-signals.js';

export type WindowProfile = NumericProfile | CategoricalProfile;

/**
 * Everything the processor keeps about one feature of one model version once its
 * reference is known: it makes the empty profile each window fills, and judges a
 * closed window's profile against the reference.
 */
export interface FeatureMonitor {
  readonly name: string;
  readonly type: 'numerical' | 'categorical';
  newWindowProfile(): WindowProfile;
  /** The feature's signal for a closed window (without exemplar: the window adds it). */
  evaluate(window: WindowProfile): Omit<FeatureSignal, 'exemplar'>;
}

/** Builds a feature's monitor from its reference values (one per reference row; null is missing). */
export type FeatureMonitorFactory = (name: string, referenceValues: readonly unknown[]) => FeatureMonitor;
