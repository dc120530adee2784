import type { AuditAccess, AuditAction, AuditRecord } from '../audit/audit-record.js';
import type { RefusedAttempt } from '../receiver/receiver-options.js';
import { modelPathOf } from './model-paths.js';

export const ADMIN_MODELS_PATH = '/admin/models';
export const ADMIN_REFERENCE_PATH = '/admin/reference';
export const ADMIN_STATE_PATH = '/admin/state';
export const ADMIN_AUDIT_PATH = '/admin/audit';

/** A name or version longer than this, from a refused request, is cut: a stranger's input must not fill the audit log. */
const REFUSED_NAME_LENGTH = 256;

/** The admin action a request asks for, by method and path; undefined for a path that is not an admin route. */
export function adminActionOf(method: string, path: string): AuditAction | undefined {
  if (path === ADMIN_REFERENCE_PATH) return method === 'PUT' ? 'reference.replace' : method === 'DELETE' ? 'reference.reset' : undefined;
  if (path === ADMIN_MODELS_PATH) return method === 'DELETE' ? 'model.delete' : 'models.list';
  if (path === ADMIN_STATE_PATH) return 'state.read';
  if (path === ADMIN_AUDIT_PATH) return 'audit.read';
  const named = modelPathOf(path);
  if (named?.resource === 'samples') return 'samples.export';
  if (named?.resource === 'state') return method === 'POST' ? 'state.import' : 'state.export';
  return undefined;
}

/** The model version a request names: `?model=M&version=V` (version default "unversioned"), or its path's (`/v1/models/{name}/{version}/...`). */
export function requestedVersion(path: string, query: string): { model: string; version: string } | undefined {
  const named = modelPathOf(path);
  if (named !== undefined) return named.key;
  const params = new URLSearchParams(query);
  const model = params.get('model');
  if (model === null || model === '') return undefined;
  return { model, version: params.get('version') || 'unversioned' };
}

/**
 * The audit record of an admin request the receiver refused (401 / 403) before any
 * handler ran, or undefined for a request that is not an admin one. The token id is
 * known only for a 403 (a configured token without the admin role).
 */
export function refusedRecord(attempt: RefusedAttempt, timeUnixMs: number): AuditRecord | undefined {
  if (attempt.role !== 'admin') return undefined;
  const action = adminActionOf(attempt.method, attempt.path);
  if (action === undefined) return undefined;
  const { verdict } = attempt;
  const access: AuditAccess = verdict.outcome === 'forbidden' ? 'forbidden' : verdict.reason;
  const key = requestedVersion(attempt.path, attempt.query);
  return {
    timeUnixMs,
    action,
    tokenId: verdict.outcome === 'forbidden' ? verdict.tokenId : null,
    access,
    model: key === undefined ? null : key.model.slice(0, REFUSED_NAME_LENGTH),
    version: key === undefined ? null : key.version.slice(0, REFUSED_NAME_LENGTH),
    // No digests: nothing changed, and the handler that would look them up never ran.
    outcome: verdict.outcome === 'forbidden' ? 403 : 401,
  };
}
