import { diag } from '@opentelemetry/api';
import { AuditLog } from '../audit/audit-log.js';
import { NO_REFERENCE, REFERENCE_CHANGING, type AuditAction, type AuditRecord } from '../audit/audit-record.js';
import { MemoryAuditStore } from '../audit/memory-audit-store.js';
import { ModelwatchError } from '../errors.js';
import type { ModelKey } from '../extract/inference-batch.js';
import { CsvTable } from '../io/csv-table.js';
import { JsonlTable } from '../io/jsonl-table.js';
import type { Table } from '../io/table.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { OtlpHttpReceiver } from '../receiver/otlp-http-receiver.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';
import { samplesRouteHandler } from '../samples/samples-route.js';
import { stateRouteHandler, type StateRouteOptions } from '../scale-out/state-route.js';
import { MODEL_PATH_PREFIX, modelPathOf } from './model-paths.js';
import { type AdminAccess, OPEN_ADMIN_ACCESS } from './admin-access.js';
import { ADMIN_AUDIT_PATH, ADMIN_MODELS_PATH, ADMIN_REFERENCE_PATH, ADMIN_STATE_PATH, adminActionOf, requestedVersion } from './admin-audit.js';

export { ADMIN_AUDIT_PATH, ADMIN_MODELS_PATH, ADMIN_REFERENCE_PATH, ADMIN_STATE_PATH };

/** Media types a replacement reference may be sent as. */
const TABLE_MEDIA_TYPES: Readonly<Record<string, 'csv' | 'jsonl'>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
};

/** `GET /admin/audit` answers this many records unless `limit` says otherwise, and at most MAX. */
const AUDIT_DEFAULT_LIMIT = 100;
const AUDIT_MAX_LIMIT = 1_000;

export interface AdminRoutesOptions {
  readonly registry: ModelRegistry;
  readonly access?: AdminAccess;
  /** Where admin actions are recorded. @default an AuditLog in memory (the last 1,000 records), emitting nothing */
  readonly audit?: AuditLog;
  /**
   * Told of a deleted model version, to forget what is kept of it outside the registry
   * (its exported series, its sample rows in the data dir); the answer waits for it.
   */
  readonly versionDeleted?: (key: ModelKey) => Promise<void> | void;
  /** The clock of the audit records. @default Date.now */
  readonly now?: () => number;
  /** What moving a version's state to or from another replica involves here (src/scale-out/state-route.ts). */
  readonly state?: Omit<StateRouteOptions, 'registry'>;
}

/**
 * The admin endpoints, on the receiver's port:
 * - `GET /admin/models`: every model version known, its phase and reference size;
 * - `DELETE /admin/models?model=M&version=V`: forget the version entirely (state,
 *   reference kept, join, sample); its next records start it afresh; 404 when unknown;
 * - `GET /admin/state`: each version's open window (start, records) and the join's
 *   predictions and labels waiting: what a restart with `--data-dir` must bring back;
 * - `DELETE /admin/reference?model=M&version=V`: forget the version's reference; it
 *   collects a new one from its next records;
 * - `PUT /admin/reference?model=M&version=V` with a CSV (`text/csv`) or JSON Lines
 *   (`application/x-ndjson`) body: the version's reference becomes that data, and
 *   monitoring restarts against it at once.
 * - `GET /v1/models/{name}/{version}/samples?format=csv|jsonl`: the version's sample of
 *   recent records with their labels, for retraining (src/samples).
 * - `GET /v1/models/{name}/{version}/state[?release=true]` and `POST` of it: the
 *   version's portable state, to move it between replicas (src/scale-out).
 * - `GET /admin/audit?limit=N`: the audit log, newest first.
 * Answers are JSON; errors are `{"error": code, "message": ...}` with the code's status.
 * Every route has the 'admin' role: with `receiver.auth` tokens, the receiver lets in
 * admin tokens only (401 / 403 with a google.rpc.Status before the handler runs).
 *
 * The six actions on a model version (replace, reset, delete, sample export, state export and import) are
 * audited whatever their outcome, and answered only once their audit record is kept
 * (a change, once both it and its record are durable); when the record cannot be
 * kept, a success becomes a 500 MODELWATCH_ERR_AUDIT_FAILED.
 */
export function addAdminRoutes(receiver: OtlpHttpReceiver, options: AdminRoutesOptions): void {
  const access = options.access ?? OPEN_ADMIN_ACCESS;
  const audit = options.audit ?? new AuditLog(new MemoryAuditStore());
  const now = options.now ?? Date.now;
  const { registry } = options;
  const guarded = (handle: (request: RouteRequest) => RouteResponse | Promise<RouteResponse>) => async (request: RouteRequest): Promise<RouteResponse> => {
    if (!(await access.allows(request))) return json(403, { error: 'MODELWATCH_ERR_FORBIDDEN', message: 'not allowed' });
    try {
      return await handle(request);
    } catch (error) {
      if (error instanceof ModelwatchError) return json(error.httpStatus, { error: error.code, message: error.message });
      throw error;
    }
  };
  const audited = (handle: (request: RouteRequest) => RouteResponse | Promise<RouteResponse>) => {
    const run = guarded(handle);
    return async (request: RouteRequest): Promise<RouteResponse> => {
      const action = adminActionOf(request.method, request.path)!;
      const key = requestedVersion(request.path, request.query);
      const changing = REFERENCE_CHANGING.has(action);
      const digest = () => (key === undefined ? NO_REFERENCE : registry.referenceDigestOf(key) ?? NO_REFERENCE);
      const base = {
        timeUnixMs: now(), action, tokenId: request.tokenId ?? null, access: request.tokenId === undefined ? 'open' : 'token',
        model: key?.model ?? null, version: key?.version ?? null, ...(changing ? { referenceBefore: digest() } : {}),
      } as const;
      let answer: RouteResponse;
      try {
        answer = await run(request);
      } catch (error) {
        // The receiver answers 500 for it: recorded as such, the state as it is now.
        await keep(audit, { ...base, outcome: 500, ...(changing ? { referenceAfter: digest() } : {}) }).catch(() => undefined);
        throw error;
      }
      const record: AuditRecord = { ...base, outcome: answer.status, ...(changing ? { referenceAfter: digest() } : {}) };
      try {
        await keep(audit, record);
      } catch {
        // Unrecorded: a change (done and durable) is reported as a failure, so it never passes silently, and raw records are not handed out.
        if (answer.status < 300) return errorAnswer(new ModelwatchError('MODELWATCH_ERR_AUDIT_FAILED', `${action} of ${key?.model} ${key?.version}`));
      }
      return answer;
    };
  };

  const listVersions = guarded(() => json(200, { models: registry.list() }));
  const deleteAudited = audited(deleteVersion);
  receiver.route(ADMIN_MODELS_PATH, (request) => (request.method === 'DELETE' ? deleteAudited(request) : listVersions(request)),
    { methods: ['GET', 'DELETE'], role: 'admin' });
  receiver.route(ADMIN_STATE_PATH, guarded(() => json(200, {
    models: registry.openWindows(),
    join: registry.joinStats() ?? null,
    feedbackReceived: registry.feedbackReceived,
  })), { methods: ['GET'], role: 'admin' });
  receiver.route(ADMIN_AUDIT_PATH, guarded((request) => json(200, { records: audit.newest(auditLimitOf(request.query)).map(auditJson) })),
    { methods: ['GET'], role: 'admin' });
  // Raw production records: behind the same access as the other admin actions, and audited.
  const samples = audited(samplesRouteHandler((model, version) => registry.sampleOf(model, version)));
  const state = audited(stateRouteHandler({ registry, released: () => undefined, imported: () => undefined, counted: () => undefined, ...options.state }));
  receiver.routePrefix(MODEL_PATH_PREFIX, (request) => {
    const resource = modelPathOf(request.path)?.resource;
    if (resource === 'state') return state(request);
    if (resource === 'samples' && request.method === 'GET') return samples(request);
    if (resource === 'samples') return json(405, { error: 'MODELWATCH_ERR_METHOD_NOT_ALLOWED', message: `${request.method} ${request.path}: method not allowed; use GET` });
    return json(404, { error: 'MODELWATCH_ERR_NOT_FOUND', message: `${request.path}: not a model path; use ${MODEL_PATH_PREFIX}{name}/{version}/samples or .../state with the name and version URL-encoded` });
  }, { methods: ['GET', 'POST'], role: 'admin' });
  receiver.route(ADMIN_REFERENCE_PATH, audited((request) => {
    const key = modelKeyOf(request);
    if (request.method === 'DELETE') {
      // Answered once the change is durable: a 200 the client got survives a kill -9.
      return registry.replaceReference(key).kept.then(() => json(200, { ...key, reference: 'collecting from the next records' }));
    }
    const table = tableOf(request);
    const columns = new Map<string, (string | null)[]>();
    table.columns.forEach((name, column) => columns.set(name, [...table.text(column).values]));
    const { features, kept } = registry.replaceReference(key, columns);
    return kept.then(() => json(200, { ...key, reference: { rows: table.rows, features } }));
  }), { methods: ['PUT', 'DELETE'], role: 'admin' });

  async function deleteVersion(request: RouteRequest): Promise<RouteResponse> {
    const key = modelKeyOf(request);
    const deleted = registry.deleteVersion(key);
    if (deleted === undefined) {
      return json(404, { error: 'MODELWATCH_ERR_NOT_FOUND', message: `model "${key.model}" version "${key.version}" is not known; GET ${ADMIN_MODELS_PATH} lists the versions` });
    }
    // In the same turn as the registry's change, so the data dir's next snapshot holds all of it.
    await Promise.all([deleted.kept, options.versionDeleted?.(key)]);
    return json(200, { ...key, deleted: true });
  }
}

/** Keeps a record, logging a refusal (the caller decides what a lost record means for its answer). */
function keep(audit: AuditLog, record: AuditRecord): Promise<void> {
  return audit.record(record).catch((error: unknown) => {
    diag.error(`modelwatch: the audit record of ${record.action} (outcome ${record.outcome}) could not be kept`, error);
    throw error;
  });
}

/** An audit record as `GET /admin/audit` shows it: the time as RFC 3339 UTC. */
function auditJson(record: AuditRecord): Record<string, unknown> {
  const { timeUnixMs, ...rest } = record;
  return { time: new Date(timeUnixMs).toISOString(), ...rest };
}

function auditLimitOf(query: string): number {
  const text = new URLSearchParams(query).get('limit');
  if (text === null) return AUDIT_DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_MAX_LIMIT) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', `${ADMIN_AUDIT_PATH}?limit= takes a whole number from 1 to ${AUDIT_MAX_LIMIT}, not "${text.slice(0, 32)}"`);
  }
  return limit;
}

function modelKeyOf(request: RouteRequest): ModelKey {
  const key = requestedVersion(request.path, request.query);
  if (key === undefined) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE', `${request.path} needs ?model=NAME (and &version=V, default "unversioned")`);
  }
  return key;
}

function tableOf(request: RouteRequest): Table {
  const format = TABLE_MEDIA_TYPES[request.mediaType];
  if (format === undefined) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE',
      `send the reference as text/csv or application/x-ndjson, not "${request.mediaType || 'no Content-Type'}"`);
  }
  return format === 'csv' ? new CsvTable('request body', request.body) : new JsonlTable('request body', request.body.toString('utf8'));
}

function errorAnswer(error: ModelwatchError): RouteResponse {
  return json(error.httpStatus, { error: error.code, message: error.message });
}

function json(status: number, body: unknown): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}
