import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestJournal } from '../../src/store/request-journal.js';
import { openStateDatabase } from '../../src/store/state-database.js';

const entry = (n: number) => ({ signal: 'traces' as const, mediaType: 'application/json', arrivalUnixMs: 1000 + n, body: Buffer.from(`request ${n}`) });

test('requests appended in one turn of the event loop share one commit, and resolve only once it is done', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-journal-'));
  const db = openStateDatabase(dir);
  try {
    const journal = new RequestJournal(db);
    let settled = 0;
    const first = [0, 1, 2].map((n) => journal.append(entry(n)).then(() => settled++));
    assert.equal(settled, 0);
    assert.equal(journal.entries().length, 0, 'nothing is written before the commit');
    await Promise.all(first);
    assert.equal(journal.commits, 1);
    await journal.append(entry(3));
    assert.equal(journal.commits, 2);
    assert.deepEqual(journal.entries().map((e) => [e.body.toString(), e.arrivalUnixMs]), [0, 1, 2, 3].map((n) => [`request ${n}`, 1000 + n]));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a write riding in the next commit and a truncation in the same transaction leave the journal empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-journal-'));
  const db = openStateDatabase(dir);
  try {
    const journal = new RequestJournal(db);
    await journal.append(entry(0));
    const pending = journal.append(entry(1));
    journal.commitNow(() => journal.truncate());
    await pending;
    assert.deepEqual(journal.entries(), []);
    assert.equal(journal.bytesSinceTruncate, 0);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
