import { CategoricalProfile } from '../../profile/categorical-profile.js';
import { NumericProfile } from '../../profile/numeric-profile.js';
import { DiscreteNumericProfile } from './discrete-numeric-profile.js';
import type { CategoricalReference, DiscreteReference, FeatureReference, NumericalReference } from './feature-reference.js';

/** The per-window state of one feature: a mergeable profile, never raw values. */
export type WindowProfile = NumericProfile | DiscreteNumericProfile | CategoricalProfile;

/** The window profile type that goes with each kind of reference. */
export type WindowProfileOf<R extends FeatureReference> = R extends NumericalReference
  ? NumericProfile
  : R extends DiscreteReference
    ? DiscreteNumericProfile
    : R extends CategoricalReference
      ? CategoricalProfile
      : WindowProfile;

/**
 * An empty window profile that matches the reference: numeric windows get the
 * reference's window edges (so §5 bin counts are exact, see windowEdges) and a
 * sketch fitted to its range (see sketchAccuracy); categorical and discrete windows
 * are seeded with the reference's categories, so those are counted exactly whatever
 * arrives first. Every window of one reference is mergeable with every other.
 *
 * Memory per numeric window: at most 16 bytes × maxBins (16 KiB by default) of
 * sketch, 16 bytes per edge (about 100) and a 1 KiB lookup table.
 */
export function createWindowProfile<R extends FeatureReference>(reference: R): WindowProfileOf<R>;
export function createWindowProfile(reference: FeatureReference): WindowProfile {
  switch (reference.kind) {
    case 'numerical':
      return new NumericProfile({ edges: reference.windowEdges, ...reference.sketch });
    case 'discrete':
      return new DiscreteNumericProfile({
        numeric: { edges: reference.windowEdges },
        maxCategories: reference.maxCategories,
        categories: reference.counts.keys(),
      });
    case 'categorical':
      return new CategoricalProfile({ maxCategories: reference.maxCategories, categories: reference.counts.keys() });
  }
}
