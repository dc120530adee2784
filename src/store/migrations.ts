import type { Database } from 'better-sqlite3';
import { moveJournalOut } from './journal-move.js';
import { importReferenceFiles } from './reference-files-import.js';

/** One step of the schema, applied once, in order, inside a transaction with its version row. */
export interface Migration {
  readonly version: number;
  /** What the step does, kept in `schema_version` so a database tells its own history. */
  readonly description: string;
  readonly up: (db: Database, context: MigrationContext) => void;
}

export interface MigrationContext {
  /** The data dir the database lives in (for steps that import older files). */
  readonly dataDir: string;
}

/**
 * The schema of `<data dir>/modelwatch.db`, step by step. A step is never edited once
 * released: a change is a new step, so any older database reaches the current schema.
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    description: 'journal of accepted requests, state snapshot, references, alert history',
    up: (db) => {
      db.exec(`
        CREATE TABLE journal (
          seq INTEGER PRIMARY KEY,
          signal TEXT NOT NULL,
          media_type TEXT NOT NULL,
          arrival_ms REAL NOT NULL,
          body BLOB NOT NULL
        );
        CREATE TABLE snapshot (
          part TEXT PRIMARY KEY,
          taken_ms REAL NOT NULL,
          body TEXT NOT NULL
        );
        CREATE TABLE reference (
          model TEXT NOT NULL,
          version TEXT NOT NULL,
          columns TEXT NOT NULL,
          saved_ms REAL NOT NULL,
          PRIMARY KEY (model, version)
        );
        CREATE TABLE alert (
          id INTEGER PRIMARY KEY,
          raised_ms REAL NOT NULL,
          model TEXT NOT NULL,
          version TEXT NOT NULL,
          kind TEXT NOT NULL,
          feature TEXT NOT NULL,
          method TEXT,
          metric TEXT NOT NULL,
          value REAL,
          threshold REAL,
          window_start REAL NOT NULL,
          window_end REAL NOT NULL
        );
        -- A window's performance alert is raised again as late labels change its figures: kept once.
        CREATE UNIQUE INDEX alert_once ON alert (model, version, window_start, kind, feature, metric);
      `);
    },
  },
  {
    version: 2,
    description: 'references kept as files by earlier versions (<data dir>/references/*.json) imported',
    up: (db, context) => importReferenceFiles(db, context.dataDir),
  },
  {
    version: 3,
    description: 'retraining samples: each generation\'s running state, and its records slot by slot',
    up: (db) => {
      db.exec(`
        CREATE TABLE sample_generation (
          model TEXT NOT NULL,
          version TEXT NOT NULL,
          start_ms REAL NOT NULL,
          state TEXT NOT NULL,
          PRIMARY KEY (model, version, start_ms)
        );
        CREATE TABLE sample_record (
          model TEXT NOT NULL,
          version TEXT NOT NULL,
          start_ms REAL NOT NULL,
          slot INTEGER NOT NULL,
          record TEXT NOT NULL,
          PRIMARY KEY (model, version, start_ms, slot)
        );
      `);
    },
  },
  {
    version: 4,
    description: 'the journal moves to journal.db, so its commits never wait behind a snapshot; a snapshot says through which journal entry it holds',
    up: (db, context) => {
      moveJournalOut(db, context.dataDir);
      db.exec('ALTER TABLE snapshot ADD COLUMN through_seq INTEGER NOT NULL DEFAULT 0');
    },
  },
  {
    version: 5,
    description: 'audit log of admin actions: who (token id), what, when, on which model version, the answer, the reference digest before and after',
    up: (db) => {
      db.exec(`
        CREATE TABLE audit (
          id INTEGER PRIMARY KEY,
          time_ms REAL NOT NULL,
          action TEXT NOT NULL,
          token_id TEXT,
          access TEXT NOT NULL,
          model TEXT,
          version TEXT,
          outcome INTEGER NOT NULL,
          reference_before TEXT,
          reference_after TEXT
        );
        -- Refused attempts are pruned to the newest ones (see SqliteAuditStore): found without a scan.
        CREATE INDEX audit_refused ON audit (id) WHERE access IN ('missing', 'unknown', 'forbidden');
      `);
    },
  },
]);
