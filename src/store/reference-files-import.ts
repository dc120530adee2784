import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';

/** A reference file as ReferenceStore wrote it before the SQLite store (format 1). */
interface StoredReferenceFile {
  readonly format: 1;
  readonly model: string;
  readonly version: string;
  readonly columns: Record<string, unknown[]>;
}

/**
 * Copies the references an earlier modelwatch kept as JSON files into the `reference`
 * table, so upgrading keeps them. The files are left in place (a downgrade still
 * finds them); a file that does not parse is skipped, as the file store would have
 * refused it too.
 */
export function importReferenceFiles(db: Database, dataDir: string): void {
  const dir = join(dataDir, 'references');
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return;
  }
  const insert = db.prepare('INSERT OR REPLACE INTO reference (model, version, columns, saved_ms) VALUES (?, ?, ?, ?)');
  for (const name of names) {
    let stored: StoredReferenceFile;
    try {
      stored = JSON.parse(readFileSync(join(dir, name), 'utf8')) as StoredReferenceFile;
    } catch {
      continue;
    }
    if (stored.format !== 1 || typeof stored.model !== 'string' || typeof stored.version !== 'string') continue;
    insert.run(stored.model, stored.version, JSON.stringify(stored.columns), Date.now());
  }
}
