import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SqliteAuditStore } from '../../src/store/sqlite-audit-store.js';
import { DATABASE_FILE, openStateDatabase, schemaVersion } from '../../src/store/state-database.js';
import { StateWriterThread } from '../../src/store/state-writer-thread.js';

async function withStore(refusedKept: number, run: (store: SqliteAuditStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-audit-store-'));
  const db = openStateDatabase(dir);
  const writer = new StateWriterThread(join(dir, DATABASE_FILE));
  try {
    await run(new SqliteAuditStore(db, (writes) => writer.commit(writes), refusedKept));
  } finally {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const replaced = (n: number): AuditRecord => ({
  timeUnixMs: n, action: 'reference.replace', tokenId: 'ops', access: 'token', model: 'churn', version: '2', outcome: 200,
  referenceBefore: 'none', referenceAfter: 'a'.repeat(64),
});
const refused = (n: number): AuditRecord => ({
  timeUnixMs: n, action: 'model.delete', tokenId: null, access: 'missing', model: 'churn', version: '2', outcome: 401,
});

test('migration 5 adds the audit table to a database left at schema 4', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-audit-migration-'));
  try {
    openStateDatabase(dir, MIGRATIONS.filter((m) => m.version <= 4)).close();
    const db = openStateDatabase(dir);
    assert.ok(schemaVersion(db) >= 5);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit'").all(), [{ name: 'audit' }]);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('records come back as they were kept, newest first, digests absent where the action has none', () => withStore(100, async (store) => {
  await store.append(replaced(1));
  await store.append(refused(2));
  assert.deepEqual(store.newest(10), [refused(2), replaced(1)]);
  assert.deepEqual(store.newest(1), [refused(2)]);
  assert.deepEqual(store.newest(0), []);
}));

test('refused attempts are pruned to the newest few; actions let in never are', () => withStore(3, async (store) => {
  await store.append(replaced(1));
  for (let n = 2; n <= 8; n++) await store.append(refused(n));
  await store.append(replaced(9));
  assert.deepEqual(store.newest(100).map((r) => r.timeUnixMs), [9, 8, 7, 6, 1]);
}));
