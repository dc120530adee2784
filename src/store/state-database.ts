import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The database file inside the data dir. */
export const DATABASE_FILE = 'modelwatch.db';

/**
 * Opens (creating it if needed) `<data dir>/modelwatch.db` and brings its schema to the
 * current version. WAL mode lets a commit append to the log instead of rewriting
 * pages; `synchronous = FULL` fsyncs the log at every commit, so what a commit holds
 * survives a power cut as well as a kill -9 (group commit pays that fsync once per
 * group of requests, see RequestJournal).
 */
export function openStateDatabase(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseConstructor(join(dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, dataDir, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The schema version a database is at (0: new). */
export function schemaVersion(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms REAL NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Applies the steps past the database's version, each in its own transaction with its
 * version row, so a crash mid-upgrade leaves the last whole step.
 * @throws Error when the database is newer than this modelwatch (a downgrade would misread it)
 */
function migrate(db: Database, dataDir: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > latest) {
    throw new Error(`${join(dataDir, DATABASE_FILE)} has schema version ${current}, newer than this modelwatch's ${latest}; use a newer modelwatch or another data dir`);
  }
  const record = db.prepare('INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db, { dataDir });
      record.run(migration.version, migration.description, Date.now());
    })();
  }
}
