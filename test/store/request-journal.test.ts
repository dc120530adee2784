import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';
import { RequestJournal } from '../../src/store/request-journal.js';
import { JOURNAL_FILE, openJournalDatabase } from '../../src/store/journal-database.js';
import { StateWriterThread } from '../../src/store/state-writer-thread.js';

const entry = (n: number) => ({ signal: 'traces' as const, mediaType: 'application/json', arrivalUnixMs: 1000 + n, body: Buffer.from(`request ${n}`) });

/** A journal database in a new directory, its reading connection and its writer thread. */
async function withJournal(run: (journal: RequestJournal, db: Database, writer: StateWriterThread) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-journal-'));
  const db = openJournalDatabase(dir);
  const writer = new StateWriterThread(join(dir, JOURNAL_FILE));
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

test('entries are numbered in the order appended, and a cut through a seq deletes those up to it only', async () => {
  await withJournal(async (journal) => {
    await Promise.all([0, 1, 2].map((n) => journal.append(entry(n))));
    assert.equal(journal.lastSeq, 3);
    const cut = journal.truncateThrough(2);
    const later = journal.append(entry(3));
    await Promise.all([cut, later]);
    assert.deepEqual(journal.entries().map((e) => e.body.toString()), ['request 2', 'request 3']);
    assert.deepEqual(journal.entries(3).map((e) => e.body.toString()), ['request 3'], 'the entries after a snapshot\'s seq');
  });
});

test('numbering goes on after the last entry kept, or after a snapshot\'s seq when that is later', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-journal-'));
  try {
    const open = async (afterSeq: number, use: (journal: RequestJournal) => Promise<void>) => {
      const db = openJournalDatabase(dir);
      const writer = new StateWriterThread(join(dir, JOURNAL_FILE));
      await use(new RequestJournal(db, writer, afterSeq));
      await writer.close();
      db.close();
    };
    await open(0, async (journal) => {
      await Promise.all([journal.append(entry(0)), journal.append(entry(1))]);
    });
    await open(1, async (journal) => assert.equal(journal.lastSeq, 2, 'after the last entry kept'));
    await open(7, async (journal) => assert.equal(journal.lastSeq, 7, 'after the snapshot\'s seq'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a refused group rejects its own requests only; the groups beside it are committed', async () => {
  await withJournal(async (journal, db, writer) => {
    const before = journal.append(entry(0));
    journal.commitNow();
    // A row of the same seq as the next entry makes that entry's insert fail.
    await before;
    await writer.commit([{ sql: 'INSERT INTO journal (seq, signal, media_type, arrival_ms, body) VALUES (2, \'traces\', \'x\', 0, x\'00\')', params: [] }]);
    const refused = journal.append(entry(1));
    journal.commitNow();
    const after = journal.append(entry(2));
    await assert.rejects(refused, /refused a write: UNIQUE constraint failed: journal.seq/);
    await after;
    assert.deepEqual(db.prepare('SELECT seq FROM journal ORDER BY seq').all(), [{ seq: 1 }, { seq: 2 }, { seq: 3 }]);
    assert.equal(writer.pending, 0);
  });
});

test('a request that came compressed is journalled as it came, and read back decompressed', async () => {
  await withJournal(async (journal, db) => {
    const text = JSON.stringify({ resourceSpans: Array.from({ length: 50 }, () => ({ scopeSpans: [] })) });
    const wire = { encoding: 'gzip' as const, bytes: gzipSync(text) };
    await journal.append({ ...entry(0), body: Buffer.from(text), wire });
    await journal.append({ ...entry(1), wire: { encoding: 'deflate', bytes: deflateSync('request 1') } });
    const rows = db.prepare('SELECT length(body) AS bytes, content_encoding AS encoding FROM journal ORDER BY seq').all();
    assert.deepEqual(rows, [{ bytes: wire.bytes.length, encoding: 'gzip' }, { bytes: deflateSync('request 1').length, encoding: 'deflate' }]);
    assert.ok(wire.bytes.length < text.length / 5, 'fewer bytes written');
    assert.deepEqual(journal.entries().map((e) => e.body.toString()), [text, 'request 1']);
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
