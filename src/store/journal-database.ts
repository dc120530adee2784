import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3';

/** The journal's file inside the data dir, apart from the state's (see DurableState for why). */
export const JOURNAL_FILE = 'journal.db';

/** The journal's schema version (SQLite's `user_version`); a newer one is refused. */
const JOURNAL_SCHEMA = 1;

const CREATE_JOURNAL = `CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY,
  signal TEXT NOT NULL,
  media_type TEXT NOT NULL,
  arrival_ms REAL NOT NULL,
  body BLOB NOT NULL,
  -- 'identity', or how body is compressed (the request's Content-Encoding).
  content_encoding TEXT NOT NULL DEFAULT 'identity'
)`;

/**
 * Opens (creating it if needed) `<data dir>/journal.db`: one table of accepted
 * requests, numbered by `seq`. WAL mode and `synchronous = FULL` as the state's
 * database (its writer thread sets the latter on its own connection).
 * @throws Error when the file is of a newer journal schema
 */
export function openJournalDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, JOURNAL_FILE);
  const db = new DatabaseConstructor(file);
  try {
    db.pragma('journal_mode = WAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > JOURNAL_SCHEMA) {
      throw new Error(`${file} has journal schema ${version}, newer than this modelwatch's ${JOURNAL_SCHEMA}; use a newer modelwatch or another data dir`);
    }
    db.exec(CREATE_JOURNAL);
    db.pragma(`user_version = ${JOURNAL_SCHEMA}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
