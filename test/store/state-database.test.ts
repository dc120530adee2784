import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openStateDatabase, schemaVersion } from '../../src/store/state-database.js';

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
