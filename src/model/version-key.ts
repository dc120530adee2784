import type { ModelKey } from '../extract/inference-batch.js';

/** A version's key in flat maps: model and version joined by a character neither can hold. */
export function versionKeyOf(key: ModelKey): string {
  return `${key.model}\u0000${key.version}`;
}
