/** The audit log of admin actions: records, where they are kept, and the reference digest they carry. */
export { AuditLog, type AuditStore } from './audit-log.js';
export { NO_REFERENCE, REFERENCE_CHANGING, type AuditAccess, type AuditAction, type AuditRecord } from './audit-record.js';
export { MemoryAuditStore, MEMORY_AUDIT_RECORDS } from './memory-audit-store.js';
export { referenceDigest } from './reference-digest.js';
