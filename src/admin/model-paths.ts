import type { ModelKey } from '../extract/inference-batch.js';

/** Where a model version's resources live: `/v1/models/{name}/{version}/{resource}`. */
export const MODEL_PATH_PREFIX = '/v1/models/';

/** What is served under a model version's path: its retraining sample, its portable state. */
export type ModelResource = 'samples' | 'state';
const RESOURCES: readonly string[] = ['samples', 'state'] satisfies ModelResource[];

/**
 * The model version and resource a path names, or undefined when it names none. The
 * name and version are single path segments, URL-encoded: a model called `fraud/eu
 * v2` is `/v1/models/fraud%2Feu%20v2/3/samples`. Segments are split before they are
 * decoded, so an encoded `/` stays in the name. A segment that is not valid
 * percent-encoding makes the path name nothing.
 */
export function modelPathOf(path: string): { key: ModelKey; resource: ModelResource } | undefined {
  if (!path.startsWith(MODEL_PATH_PREFIX)) return undefined;
  const segments = path.slice(MODEL_PATH_PREFIX.length).split('/');
  if (segments.length !== 3 || !RESOURCES.includes(segments[2]) || segments[0] === '' || segments[1] === '') return undefined;
  try {
    return { key: { model: decodeURIComponent(segments[0]), version: decodeURIComponent(segments[1]) }, resource: segments[2] as ModelResource };
  } catch {
    return undefined;
  }
}

/** The path of a model version's resource, encoded as {@link modelPathOf} reads it. */
export function modelPath(key: ModelKey, resource: ModelResource): string {
  return `${MODEL_PATH_PREFIX}${encodeURIComponent(key.model)}/${encodeURIComponent(key.version)}/${resource}`;
}
