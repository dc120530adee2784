import type { Database, Statement } from 'better-sqlite3';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';
import type { ReferenceKeeper } from '../model/feature-monitor.js';
import type { SqlWrite } from './sql-write.js';

/**
 * References kept in the `reference` table: the raw reference rows, column by
 * column, as ReferenceStore kept them in files (monitors rebuilt from them equal the
 * ones built at collection). A save or delete is written in the journal's next
 * commit, the one that holds the request that completed the reference, together
 * with a snapshot of the state (which then monitors against it) that empties the
 * journal: after a crash the database has the reference, the state that follows it
 * and only the requests after it, or none of them. Until then `load` answers from memory.
 */
export class SqliteReferenceKeeper implements ReferenceKeeper {
  /** Commits writes with the next snapshot of the state; resolves once committed. */
  readonly #withSnapshot: (writes: readonly SqlWrite[]) => Promise<void>;
  readonly #select: Statement;
  /** Saves and deletes not committed yet (undefined: deleted), by key. */
  readonly #unwritten = new Map<string, ReadonlyMap<string, readonly FeatureValue[]> | undefined>();

  constructor(db: Database, withSnapshot: (writes: readonly SqlWrite[]) => Promise<void>) {
    this.#withSnapshot = withSnapshot;
    this.#select = db.prepare('SELECT columns FROM reference WHERE model = ? AND version = ?');
  }

  load(key: ModelKey): ReadonlyMap<string, readonly FeatureValue[]> | undefined {
    const id = keyOf(key);
    if (this.#unwritten.has(id)) return this.#unwritten.get(id);
    const row = this.#select.get(key.model, key.version) as { columns: string } | undefined;
    if (row === undefined) return undefined;
    return new Map(Object.entries(JSON.parse(row.columns) as Record<string, FeatureValue[]>));
  }

  save(key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>): Promise<void> {
    const id = keyOf(key);
    this.#unwritten.set(id, columns);
    const text = JSON.stringify(Object.fromEntries(columns));
    const saved = this.#withSnapshot([{ sql: UPSERT, params: [key.model, key.version, text, Date.now()] }]);
    this.#forgetOnceWritten(saved, id, columns);
    return saved;
  }

  /**
   * Answers from the table again once the write is committed, unless a later save or
   * delete of the same key is waiting. A refused write keeps answering from memory:
   * the table does not hold it, and the snapshot of its commit was refused with it.
   */
  #forgetOnceWritten(written: Promise<void>, id: string, value: ReadonlyMap<string, readonly FeatureValue[]> | undefined): void {
    written.then(() => {
      if (this.#unwritten.has(id) && this.#unwritten.get(id) === value) this.#unwritten.delete(id);
    }, () => undefined);
  }

  delete(key: ModelKey): Promise<void> {
    const id = keyOf(key);
    this.#unwritten.set(id, undefined);
    const removed = this.#withSnapshot([{ sql: REMOVE, params: [key.model, key.version] }]);
    this.#forgetOnceWritten(removed, id, undefined);
    return removed;
  }
}

const UPSERT = 'INSERT OR REPLACE INTO reference (model, version, columns, saved_ms) VALUES (?, ?, ?, ?)';
const REMOVE = 'DELETE FROM reference WHERE model = ? AND version = ?';

function keyOf(key: ModelKey): string {
  return `${key.model}\u0000${key.version}`;
}
