import type { ModelKey } from '../extract/inference-batch.js';
import { modelPathOf } from '../admin/model-paths.js';
import type { ModelRegistry } from '../model/model-registry.js';
import { parseVersionState } from '../model/version-state.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';
import { ModelwatchError } from '../errors.js';

export interface StateRouteOptions {
  readonly registry: ModelRegistry;
  /** Told of a version handed over and forgotten here (`release=true`), as of a deleted one; the answer waits for it. */
  readonly released: (key: ModelKey) => Promise<void> | void;
  /** Told of a state taken in, to make it durable with the next snapshot; the answer waits for it. */
  readonly imported: (key: ModelKey) => Promise<void> | void;
  /**
   * This replica's id, which its own questions to its peers carry (REPLICA_ID_HEADER):
   * peer lists name every replica, this one included, and a replica asking itself is
   * told at once that it does not have the version.
   */
  readonly replicaId?: string;
  /** For the self-metrics: a state handed out (and whether it was released) or taken in. */
  readonly counted: (event: { direction: 'export'; released: boolean } | { direction: 'import'; outcome: 'created' | 'merged' }) => void;
}

/**
 * `GET /v1/models/{name}/{version}/state[?release=true]`: the version's portable
 * state (VersionState, JSON); with `release=true` the version is forgotten here in the
 * same step, for another replica to continue it. `POST` of such a state (JSON) takes it
 * in: a new version starts from it, a version monitored here against the same
 * reference gets it merged. 404 for an unknown version, 503 with Retry-After for a
 * version this replica is itself asking the others for, 400 for a body that is not a
 * state of the version named, 409 when the references differ.
 *
 * The handler reads the model and version from `request.path`: register it for the
 * paths under MODEL_PATH_PREFIX whose resource is `state`.
 */
export function stateRouteHandler(options: StateRouteOptions): (request: RouteRequest) => Promise<RouteResponse> {
  const { registry } = options;
  return async (request) => {
    const key = modelPathOf(request.path)?.key;
    if (key === undefined) throw new ModelwatchError('MODELWATCH_ERR_USAGE', `${request.path}: not a state path; use /v1/models/{name}/{version}/state with the name and version URL-encoded`);
    if (request.method === 'POST') {
      if (request.mediaType !== 'application/json') {
        throw new ModelwatchError('MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE', request.path, request.mediaType, 'application/json (a state as GET answers it)');
      }
      const state = parseVersionState(request.body.toString('utf8'), key.model, key.version);
      const { outcome, kept } = registry.importVersion(state);
      options.counted({ direction: 'import', outcome });
      await Promise.all([kept, options.imported(key)]);
      const open = registry.openWindows().find((window) => window.model === key.model && window.version === key.version);
      return json(200, { ...key, outcome, ...open });
    }
    const release = new URLSearchParams(request.query).get('release') === 'true';
    if (options.replicaId !== undefined && request.headers[REPLICA_ID_HEADER] === options.replicaId) return notKnown(key);
    // Asking for it too: a state may be on its way here, so "not known" would be wrong; the asker tries again.
    if (registry.isHolding(key)) {
      const busy = new ModelwatchError('MODELWATCH_ERR_STATE_IN_HANDOFF', key.model, key.version);
      return { ...json(busy.httpStatus, { error: busy.code, message: busy.message }), headers: { 'Retry-After': '1' } };
    }
    const exported = registry.exportVersion(key, release);
    if (exported === undefined) return notKnown(key);
    options.counted({ direction: 'export', released: release });
    // The body is taken now; answered once the release is durable, so a replica restarted after the answer does not bring the version back.
    const body = JSON.stringify(exported.state);
    if (release) await Promise.all([exported.released, options.released(key)]);
    return { status: 200, contentType: 'application/json', body };
  };
}

/** The header a replica's questions to its peers carry its id in. */
export const REPLICA_ID_HEADER = 'modelwatch-replica-id';

function notKnown(key: ModelKey): RouteResponse {
  return json(404, { error: 'MODELWATCH_ERR_NOT_FOUND', message: `model "${key.model}" version "${key.version}" is not known here` });
}

function json(status: number, body: unknown): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
