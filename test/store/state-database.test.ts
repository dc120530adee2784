import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStateDatabase, schemaVersion } from '../../src/store/state-database.js';
import { openJournalDatabase } from '../../src/store/journal-database.js';

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-db-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a new database gets every migration once, in WAL mode', () => withDir((dir) => {
  let db = openStateDatabase(dir);
  assert.equal(schemaVersion(db), MIGRATIONS[MIGRATIONS.length - 1].version);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
  db = openStateDatabase(dir);
  const applied = db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
  assert.deepEqual(applied.map((row) => row.version), MIGRATIONS.map((m) => m.version), 'reopening applies nothing again');
  db.close();
}));

test('references kept as files by an earlier version are imported; a bad file is skipped', () => withDir((dir) => {
  mkdirSync(join(dir, 'references'));
  writeFileSync(join(dir, 'references', 'churn@2.json'), JSON.stringify({ format: 1, model: 'churn', version: '2', columns: { x: [1, 2, null] } }));
  writeFileSync(join(dir, 'references', 'broken@1.json'), '{ not json');
  const db = openStateDatabase(dir);
  const rows = db.prepare('SELECT model, version, columns FROM reference').all();
  assert.deepEqual(rows, [{ model: 'churn', version: '2', columns: '{"x":[1,2,null]}' }]);
  db.close();
}));

test('a database of a newer schema is refused, not misread', () => withDir((dir) => {
  openStateDatabase(dir).close();
  const older = MIGRATIONS.slice(0, 1);
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  assert.throws(() => openStateDatabase(dir, older), new RegExp(`has schema version ${latest}, newer than this modelwatch's 1`));
}));

test('a later migration runs on a database left at an earlier version', () => withDir((dir) => {
  openStateDatabase(dir, MIGRATIONS.slice(0, 1)).close();
  const db = openStateDatabase(dir, [...MIGRATIONS, { version: 99, description: 'test step', up: (d) => d.exec('CREATE TABLE extra (x)') }]);
  assert.equal(schemaVersion(db), 99);
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name = 'extra'").all(), [{ name: 'extra' }]);
  db.close();
}));

test('migration 4 moves the journal of a version-3 database to journal.db, seq numbers kept, and snapshots hold through seq 0', () => withDir((dir) => {
  const old = openStateDatabase(dir, MIGRATIONS.filter((m) => m.version <= 3));
  const insert = old.prepare('INSERT INTO journal (seq, signal, media_type, arrival_ms, body) VALUES (?, ?, ?, ?, ?)');
  insert.run(5, 'traces', 'application/json', 1000, Buffer.from('first'));
  insert.run(9, 'feedback', 'application/json', 2000, Buffer.from('second'));
  old.prepare('INSERT INTO snapshot (part, taken_ms, body) VALUES (?, ?, ?)').run('registry', 0, '{}');
  old.close();

  const db = openStateDatabase(dir);
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE name = 'journal'").all(), [], 'no journal left in modelwatch.db');
  assert.deepEqual(db.prepare('SELECT part, through_seq FROM snapshot').all(), [{ part: 'registry', through_seq: 0 }]);
  db.close();
  const journal = openJournalDatabase(dir);
  const rows = journal.prepare('SELECT seq, signal, arrival_ms, body FROM journal ORDER BY seq').all() as { seq: number; signal: string; arrival_ms: number; body: Buffer }[];
  assert.deepEqual(rows.map((r) => [r.seq, r.signal, r.arrival_ms, r.body.toString()]), [[5, 'traces', 1000, 'first'], [9, 'feedback', 2000, 'second']]);
  journal.close();
}));
