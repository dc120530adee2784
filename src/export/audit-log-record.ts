import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SeverityNumber, type LogRecord } from '@opentelemetry/api-logs';
import type { AuditAccess, AuditAction, AuditRecord } from '../audit/audit-record.js';
import { SIGNAL_ATTRIBUTES as A } from './signal-names.js';

/** The event name of audit log records (not in CONVENTIONS.md: processor-internal, under modelwatch's own prefix). */
export const AUDIT_EVENT_NAME = 'modelwatch.audit.admin_action';

/** Attribute keys of audit log records. */
export const AUDIT_ATTRIBUTES = {
  action: 'modelwatch.audit.action',
  tokenId: 'modelwatch.audit.token_id',
  access: 'modelwatch.audit.access',
  outcome: 'modelwatch.audit.outcome',
  referenceBefore: 'modelwatch.audit.reference_before',
  referenceAfter: 'modelwatch.audit.reference_after',
} as const;

const DOING: Readonly<Record<AuditAction, string>> = {
  'reference.replace': 'replace the reference of',
  'reference.reset': 'reset the reference of',
  'model.delete': 'delete',
  'samples.export': 'export the sample of',
  'state.export': 'export the state of',
  'state.import': 'import the state of',
  'models.list': 'list the models',
  'state.read': 'read the state',
  'audit.read': 'read the audit log',
};

const WHO: Readonly<Record<AuditAccess, (tokenId: string | null) => string>> = {
  token: (id) => `token ${id}`,
  open: () => 'an anonymous caller (no token configured)',
  missing: () => 'a caller without a token',
  unknown: () => 'a caller with an unknown token',
  forbidden: (id) => `token ${id} (not an admin token)`,
};

/**
 * An audit record as an OTLP log record, beside the alerts on the exporters' logs
 * path: event `modelwatch.audit.admin_action`, severity INFO for an action let in
 * and done (2xx), WARN otherwise (refused, or failed), a one-sentence body, and the
 * record's fields as attributes (the model version as `ml.model.name` /
 * `ml.model.version`, as on every other signal). It names the token by its configured
 * id only; the token itself never reaches the audit log.
 */
export function auditLogRecord(record: AuditRecord): LogRecord {
  const attributes: Record<string, string | number> = {
    [AUDIT_ATTRIBUTES.action]: record.action,
    [AUDIT_ATTRIBUTES.access]: record.access,
    [AUDIT_ATTRIBUTES.outcome]: record.outcome,
  };
  if (record.tokenId !== null) attributes[AUDIT_ATTRIBUTES.tokenId] = record.tokenId;
  if (record.model !== null) attributes[A.modelName] = record.model;
  if (record.version !== null) attributes[A.modelVersion] = record.version;
  if (record.referenceBefore !== undefined) attributes[AUDIT_ATTRIBUTES.referenceBefore] = record.referenceBefore;
  if (record.referenceAfter !== undefined) attributes[AUDIT_ATTRIBUTES.referenceAfter] = record.referenceAfter;
  const done = record.outcome >= 200 && record.outcome < 300;
  const target = record.model === null ? '' : ` model "${record.model}" version "${record.version ?? ''}"`;
  return {
    eventName: AUDIT_EVENT_NAME,
    severityNumber: done ? SeverityNumber.INFO : SeverityNumber.WARN,
    severityText: done ? 'INFO' : 'WARN',
    body: `${WHO[record.access](record.tokenId)} asked to ${DOING[record.action]}${target}: ${record.outcome}.`,
    timestamp: record.timeUnixMs,
    attributes,
    // Never linked to whatever span is active where the admin request was handled.
    context: ROOT_CONTEXT,
  };
}
