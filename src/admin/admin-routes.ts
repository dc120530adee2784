import { ModelwatchError } from '../errors.js';
import { CsvTable } from '../io/csv-table.js';
import { JsonlTable } from '../io/jsonl-table.js';
import type { Table } from '../io/table.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';
import { SAMPLES_PATH_PREFIX, samplesRouteHandler } from '../samples/samples-route.js';
import { type AdminAccess, OPEN_ADMIN_ACCESS } from './admin-access.js';

export const ADMIN_MODELS_PATH = '/admin/models';
export const ADMIN_REFERENCE_PATH = '/admin/reference';
export const ADMIN_STATE_PATH = '/admin/state';

/** Media types a replacement reference may be sent as. */
const TABLE_MEDIA_TYPES: Readonly<Record<string, 'csv' | 'jsonl'>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
};

export interface AdminRoutesOptions {
  readonly registry: ModelRegistry;
  readonly access?: AdminAccess;
}

/**
 * The admin endpoints, on the receiver's port:
 * - `GET /admin/models`: every model version known, its phase and reference size;
 * - `GET /admin/state`: each version's open window (start, records) and the join's
 *   predictions and labels waiting: what a restart with `--data-dir` must bring back;
 * - `DELETE /admin/reference?model=M&version=V`: forget the version's reference; it
 *   collects a new one from its next records;
 * - `PUT /admin/reference?model=M&version=V` with a CSV (`text/csv`) or JSON Lines
 *   (`application/x-ndjson`) body: the version's reference becomes that data, and
 *   monitoring restarts against it at once.
 * - `GET /v1/models/{name}/{version}/samples?format=csv|jsonl`: the version's sample of
 *   recent records with their labels, for retraining (src/samples).
 * Answers are JSON; errors are `{"error": code, "message": ...}` with the code's status.
 * Every route has the 'admin' role: with `receiver.auth` tokens, the receiver lets in
 * admin tokens only (401 / 403 with a google.rpc.Status before the handler runs).
 */
export function addAdminRoutes(receiver: OtlpHttpReceiver, options: AdminRoutesOptions): void {
  const access = options.access ?? OPEN_ADMIN_ACCESS;
  const guarded = (handle: (request: RouteRequest) => RouteResponse | Promise<RouteResponse>) => async (request: RouteRequest): Promise<RouteResponse> => {
    if (!(await access.allows(request))) return json(403, { error: 'MODELWATCH_ERR_FORBIDDEN', message: 'not allowed' });
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof ModelwatchError) return json(error.httpStatus, { error: error.code, message: error.message });
      throw error;
    }
  };

  receiver.route(ADMIN_MODELS_PATH, guarded(() => json(200, { models: options.registry.list() })), { methods: ['GET'], role: 'admin' });
  receiver.route(ADMIN_STATE_PATH, guarded(() => json(200, {
    models: options.registry.openWindows(),
    join: options.registry.joinStats() ?? null,
    feedbackReceived: options.registry.feedbackReceived,
  })), { methods: ['GET'], role: 'admin' });
  // Raw production records: behind the same access as the other admin actions.
  receiver.routePrefix(SAMPLES_PATH_PREFIX, guarded(samplesRouteHandler((model, version) => options.registry.sampleOf(model, version))), { methods: ['GET'], role: 'admin' });
  receiver.route(ADMIN_REFERENCE_PATH, guarded((request) => {
    const key = modelKeyOf(request.query);
    if (request.method === 'DELETE') {
      // Answered once the change is durable: a 200 the client got survives a kill -9.
      return options.registry.replaceReference(key).kept.then(() => json(200, { ...key, reference: 'collecting from the next records' }));
    }
    const table = tableOf(request);
    const columns = new Map<string, (string | null)[]>();
    table.columns.forEach((name, column) => columns.set(name, [...table.text(column).values]));
    const { features, kept } = options.registry.replaceReference(key, columns);
    return kept.then(() => json(200, { ...key, reference: { rows: table.rows, features } }));
  }), { methods: ['PUT', 'DELETE'], role: 'admin' });
}

function modelKeyOf(query: string): { model: string; version: string } {
  const params = new URLSearchParams(query);
  const model = params.get('model');
  if (model === null || model === '') {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', `${ADMIN_REFERENCE_PATH} needs ?model=NAME (and &version=V, default "unversioned")`);
  }
  return { model, version: params.get('version') || 'unversioned' };
}

function tableOf(request: RouteRequest): Table {
  const format = TABLE_MEDIA_TYPES[request.mediaType];
  if (format === undefined) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE',
      `send the reference as text/csv or application/x-ndjson, not "${request.mediaType || 'no Content-Type'}"`);
  }
  return format === 'csv' ? new CsvTable('request body', request.body) : new JsonlTable('request body', request.body.toString('utf8'));
}

function json(status: number, body: unknown): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
