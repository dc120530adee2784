import type { SnapshotPart } from '../store/durable-state.js';
import type { ProfileMetricsConsumer, ProfilesModeSnapshot } from './profile-metrics-consumer.js';

/** Profiles mode's state as a part of the data dir's snapshot (row `profiles_mode`), beside the registry's. */
export function profilesModePart(consumer: ProfileMetricsConsumer): SnapshotPart {
  return {
    name: 'profiles_mode',
    snapshot: () => consumer.snapshot(),
    // Written by snapshot() above, by this version (the row carries the snapshot format).
    restore: (saved) => consumer.restore(saved as ProfilesModeSnapshot),
  };
}
