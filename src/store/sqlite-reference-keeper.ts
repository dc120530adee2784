import type { Database, Statement } from 'better-sqlite3';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';
import type { ReferenceKeeper } from '../model/feature-monitor.js';
import type { RequestJournal } from './request-journal.js';

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
  readonly #journal: RequestJournal;
  readonly #select: Statement;
  readonly #upsert: Statement;
  readonly #remove: Statement;
  /** Saves and deletes not committed yet (undefined: deleted), by key. */
  readonly #unwritten = new Map<string, ReadonlyMap<string, readonly FeatureValue[]> | undefined>();

  constructor(db: Database, journal: RequestJournal) {
    this.#journal = journal;
    this.#select = db.prepare('SELECT columns FROM reference WHERE model = ? AND version = ?');
    this.#upsert = db.prepare('INSERT OR REPLACE INTO reference (model, version, columns, saved_ms) VALUES (?, ?, ?, ?)');
    this.#remove = db.prepare('DELETE FROM reference WHERE model = ? AND version = ?');
  }

  load(key: ModelKey): ReadonlyMap<string, readonly FeatureValue[]> | undefined {
    const id = keyOf(key);
    if (this.#unwritten.has(id)) return this.#unwritten.get(id);
    const row = this.#select.get(key.model, key.version) as { columns: string } | undefined;
    if (row === undefined) return undefined;
    return new Map(Object.entries(JSON.parse(row.columns) as Record<string, FeatureValue[]>));
  }

  save(key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>): void {
    const id = keyOf(key);
    this.#unwritten.set(id, columns);
    const text = JSON.stringify(Object.fromEntries(columns));
    this.#journal.alsoInNextCommit(() => {
      this.#upsert.run(key.model, key.version, text, Date.now());
      if (this.#unwritten.get(id) === columns) this.#unwritten.delete(id);
    });
    this.#journal.snapshotInNextCommit();
  }

  delete(key: ModelKey): void {
    const id = keyOf(key);
    this.#unwritten.set(id, undefined);
    this.#journal.alsoInNextCommit(() => {
      this.#remove.run(key.model, key.version);
      if (this.#unwritten.has(id) && this.#unwritten.get(id) === undefined) this.#unwritten.delete(id);
    });
    this.#journal.snapshotInNextCommit();
  }
}

function keyOf(key: ModelKey): string {
  return `${key.model}\u0000${key.version}`;
}
