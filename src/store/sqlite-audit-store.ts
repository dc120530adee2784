import type { Database, Statement } from 'better-sqlite3';
import type { AuditStore } from '../audit/audit-log.js';
import type { AuditAccess, AuditAction, AuditRecord } from '../audit/audit-record.js';
import type { SqlWrite } from './sql-write.js';

/**
 * Refused attempts (401 / 403) kept: a stranger hammering the admin API must not fill
 * the disk, so past this many only the newest stay. Actions let in are never pruned.
 */
export const REFUSED_AUDIT_ROWS = 10_000;

const INSERT = `INSERT INTO audit (time_ms, action, token_id, access, model, version, outcome, reference_before, reference_after)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const REFUSED = "access IN ('missing', 'unknown', 'forbidden')";
const PRUNE_REFUSED = `DELETE FROM audit WHERE ${REFUSED} AND id <= (SELECT id FROM audit WHERE ${REFUSED} ORDER BY id DESC LIMIT 1 OFFSET ?)`;

interface AuditRow {
  time_ms: number;
  action: AuditAction;
  token_id: string | null;
  access: AuditAccess;
  model: string | null;
  version: string | null;
  outcome: number;
  reference_before: string | null;
  reference_after: string | null;
}

/**
 * The audit log in the `audit` table of `modelwatch.db`, written through the state's
 * writer thread (the database's only writer) like the alert history; read on the main
 * thread's connection.
 */
export class SqliteAuditStore implements AuditStore {
  readonly #write: (writes: readonly SqlWrite[]) => Promise<void>;
  readonly #newest: Statement;
  readonly #refusedKept: number;

  /**
   * @param write commits writes to the state database (DurableState.writeState)
   * @param refusedKept refused attempts kept, the newest @default REFUSED_AUDIT_ROWS
   */
  constructor(db: Database, write: (writes: readonly SqlWrite[]) => Promise<void>, refusedKept = REFUSED_AUDIT_ROWS) {
    this.#write = write;
    this.#refusedKept = refusedKept;
    this.#newest = db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?');
  }

  append(record: AuditRecord): Promise<void> {
    const writes: SqlWrite[] = [{
      sql: INSERT,
      params: [record.timeUnixMs, record.action, record.tokenId, record.access, record.model, record.version, record.outcome,
        record.referenceBefore ?? null, record.referenceAfter ?? null],
    }];
    if (record.access === 'missing' || record.access === 'unknown' || record.access === 'forbidden') {
      writes.push({ sql: PRUNE_REFUSED, params: [this.#refusedKept] });
    }
    return this.#write(writes);
  }

  newest(limit: number): AuditRecord[] {
    if (limit <= 0) return [];
    return (this.#newest.all(limit) as AuditRow[]).map((row) => ({
      timeUnixMs: row.time_ms,
      action: row.action,
      tokenId: row.token_id,
      access: row.access,
      model: row.model,
      version: row.version,
      outcome: row.outcome,
      ...(row.reference_before === null ? {} : { referenceBefore: row.reference_before }),
      ...(row.reference_after === null ? {} : { referenceAfter: row.reference_after }),
    }));
  }
}
