import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { RequestJournal } from '../../src/store/request-journal.js';
import { DATABASE_FILE, openStateDatabase } from '../../src/store/state-database.js';
import { StateWriterThread } from '../../src/store/state-writer-thread.js';

const entry = (n: number) => ({ signal: 'traces' as const, mediaType: 'application/json', arrivalUnixMs: 1000 + n, body: Buffer.from(`request ${n}`) });

/** A migrated database in a new directory, its reading connection and its writer thread. */
async function withJournal(run: (journal: RequestJournal, db: Database, writer: StateWriterThread) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-journal-'));
  const db = openStateDatabase(dir);
  const writer = new StateWriterThread(join(dir, DATABASE_FILE));
  try {
    await run(new RequestJournal(db, writer), db, writer);
  } finally {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('requests appended in one turn of the event loop share one commit, and resolve only once it is done', async () => {
  await withJournal(async (journal) => {
    let settled = 0;
    const first = [0, 1, 2].map((n) => journal.append(entry(n)).then(() => settled++));
    assert.equal(settled, 0);
    assert.equal(journal.entries().length, 0, 'nothing is written before the commit');
    await Promise.all(first);
    assert.equal(journal.commits, 1);
    assert.equal(journal.entriesCommitted, 3);
    await journal.append(entry(3));
    assert.equal(journal.commits, 2);
    assert.deepEqual(journal.entries().map((e) => [e.body.toString(), e.arrivalUnixMs]), [0, 1, 2, 3].map((n) => [`request ${n}`, 1000 + n]));
  });
});

test('a write riding in the next commit and a truncation in the same transaction leave the journal empty', async () => {
  await withJournal(async (journal) => {
    await journal.append(entry(0));
    const pending = journal.append(entry(1));
    await journal.commitNow([journal.truncation()]);
    await pending;
    assert.deepEqual(journal.entries(), []);
    assert.equal(journal.bytesSinceTruncate, 0);
  });
});

test('entries appended after a truncation was posted stay in the journal: commits follow the order they were posted in', async () => {
  await withJournal(async (journal) => {
    journal.append(entry(0));
    const truncated = journal.commitNow([journal.truncation()]);
    const later = journal.append(entry(1));
    await Promise.all([truncated, later]);
    assert.deepEqual(journal.entries().map((e) => e.body.toString()), ['request 1']);
    assert.equal(journal.bytesSinceTruncate, Buffer.byteLength('request 1'));
  });
});

test('a refused write rejects the requests of its group only; the groups beside it are committed', async () => {
  await withJournal(async (journal, _db, writer) => {
    const before = journal.append(entry(0));
    await journal.commitNow();
    const refused = journal.alsoInNextCommit([{ sql: 'INSERT INTO no_such_table VALUES (1)', params: [] }]);
    const inRefused = journal.append(entry(1));
    journal.commitNow();
    const after = journal.append(entry(2));
    await before;
    await assert.rejects(refused, /refused a write: no such table: no_such_table/);
    await assert.rejects(inRefused, /no such table/);
    await after;
    assert.deepEqual(journal.entries().map((e) => e.body.toString()), ['request 0', 'request 2']);
    assert.equal(writer.pending, 0);
  });
});

test('groups posted while the thread commits are committed, each answered, in the order posted', async () => {
  await withJournal(async (journal) => {
    const all: Promise<void>[] = [];
    for (let n = 0; n < 200; n++) {
      all.push(journal.append(entry(n)));
      if (n % 7 === 0) journal.commitNow();
    }
    await Promise.all(all);
    assert.deepEqual(journal.entries().map((e) => e.arrivalUnixMs), Array.from({ length: 200 }, (_, n) => 1000 + n));
    assert.equal(journal.entriesCommitted, 200);
  });
});
