import type { AuditStore } from './audit-log.js';
import type { AuditRecord } from './audit-record.js';

/** Records kept without a data dir: the newest ones, so a flood of refused requests cannot grow memory. */
export const MEMORY_AUDIT_RECORDS = 1_000;

/** The audit store without a data dir: the last `capacity` records, lost at a restart. */
export class MemoryAuditStore implements AuditStore {
  readonly #records: AuditRecord[] = [];
  readonly #capacity: number;

  constructor(capacity = MEMORY_AUDIT_RECORDS) {
    this.#capacity = capacity;
  }

  append(record: AuditRecord): Promise<void> {
    this.#records.push(record);
    if (this.#records.length > this.#capacity) this.#records.splice(0, this.#records.length - this.#capacity);
    return Promise.resolve();
  }

  newest(limit: number): AuditRecord[] {
    return limit <= 0 ? [] : this.#records.slice(-limit).reverse();
  }
}
