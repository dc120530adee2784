import { CategoricalProfile, type SerializedCategoricalProfile } from '../../profile/categorical-profile.js';
import { NumericProfile, type SerializedNumericProfile } from '../../profile/numeric-profile.js';
import { DiscreteNumericProfile } from './discrete-numeric-profile.js';
import type { WindowProfile } from './window-profile.js';

/** A window profile as plain JSON, for the durable state's snapshot. */
export type SerializedWindowProfile =
  | SerializedNumericProfile
  | SerializedCategoricalProfile
  | { readonly kind: 'discrete'; readonly numbers: SerializedNumericProfile; readonly values: SerializedCategoricalProfile };

export function serializeWindowProfile(profile: WindowProfile): SerializedWindowProfile {
  if (profile instanceof DiscreteNumericProfile) return { kind: 'discrete', numbers: profile.numbers.serialize(), values: profile.values.serialize() };
  return profile.serialize();
}

/**
 * Adds a serialized profile's records to `into` (a fresh window profile of the same
 * monitor), rather than replacing it: the fresh one carries what the monitor seeds a
 * window with (edges, the reference's categories), which serialization does not keep.
 * @throws Error when the serialized profile is of another kind or not mergeable (the reference changed)
 */
export function mergeSerializedProfile(into: WindowProfile, data: SerializedWindowProfile): void {
  if (into instanceof DiscreteNumericProfile && data.kind === 'discrete') {
    into.numbers.merge(NumericProfile.deserialize(data.numbers));
    into.values.merge(CategoricalProfile.deserialize(data.values));
  } else if (into instanceof NumericProfile && data.kind === 'numeric') {
    into.merge(NumericProfile.deserialize(data));
  } else if (into instanceof CategoricalProfile && data.kind === 'categorical') {
    into.merge(CategoricalProfile.deserialize(data));
  } else {
    throw new Error(`a ${data.kind} window profile cannot be restored into the monitor's ${into.constructor.name}`);
  }
}
