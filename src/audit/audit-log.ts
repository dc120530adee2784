import { diag } from '@opentelemetry/api';
import type { AuditRecord } from './audit-record.js';

/** Where audit records are kept: the `audit` table with a data dir, else memory. */
export interface AuditStore {
  /** Keeps a record; resolves once it is durable (at once in memory), rejects when the store refused it. */
  append(record: AuditRecord): Promise<void>;
  /** The last `limit` records kept, newest first. */
  newest(limit: number): AuditRecord[];
}

/**
 * The audit log of admin actions: each record is kept in the store and sent out as an
 * OTLP log record (through `emit`, the exporters' logs path), so it reaches both the
 * processor's own history (`GET /admin/audit`) and the backend an SRE watches.
 */
export class AuditLog {
  readonly #store: AuditStore;
  readonly #emit: ((record: AuditRecord) => void) | undefined;

  constructor(store: AuditStore, emit?: (record: AuditRecord) => void) {
    this.#store = store;
    this.#emit = emit;
  }

  /** Keeps and emits `record`; resolves once it is kept (what an admin answer waits for). */
  record(record: AuditRecord): Promise<void> {
    try {
      this.#emit?.(record);
    } catch (error) {
      // The store still keeps it: a failing exporter must not lose the record, nor the admin action.
      diag.error('modelwatch: emitting an audit record failed', error);
    }
    return this.#store.append(record);
  }

  /** The last `limit` records, newest first. */
  newest(limit: number): AuditRecord[] {
    return this.#store.newest(limit);
  }
}
