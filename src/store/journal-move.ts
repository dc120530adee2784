import type { Database } from 'better-sqlite3';
import { openJournalDatabase } from './journal-database.js';

/**
 * Migration 4's step: copies the journal table of `modelwatch.db` into `journal.db`
 * (same seq numbers) and drops it. The copy commits on its own connection before the
 * migration's transaction; `INSERT OR IGNORE` on seq makes a step interrupted between
 * the two safe to run again. Snapshots written before it hold every entry before the
 * journal's first (the journal was emptied at each snapshot), so their
 * `through_seq` of 0 is right.
 */
export function moveJournalOut(db: Database, dataDir: string): void {
  const rows = db.prepare('SELECT seq, signal, media_type, arrival_ms, body FROM journal ORDER BY seq').all() as Record<string, unknown>[];
  const journal = openJournalDatabase(dataDir);
  try {
    const insert = journal.prepare('INSERT OR IGNORE INTO journal (seq, signal, media_type, arrival_ms, body) VALUES (@seq, @signal, @media_type, @arrival_ms, @body)');
    journal.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
  } finally {
    journal.close();
  }
  db.exec('DROP TABLE journal');
}
