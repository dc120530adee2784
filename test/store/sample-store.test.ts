import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { RecentSample } from '../../src/samples/recent-sample.js';
import { readSample, sampleWrites } from '../../src/store/sample-store.js';
import { openStateDatabase } from '../../src/store/state-database.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { singleRow } from '../samples/sample-batches.js';

const DAY = 86_400_000;

/** The snapshot's sample writes, run in one transaction on this connection (the writer thread does the same). */
function writeSamples(db: Database, samples: Parameters<typeof sampleWrites>[0]): void {
  db.transaction(() => {
    for (const { sql, params } of sampleWrites(samples)) db.prepare(sql).run(...params);
  })();
}
const key = { model: 'churn', version: '3' };

test('a sample written with each snapshot (only what changed) comes back with its records, labels and running state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-samples-'));
  const db = openStateDatabase(dir);
  try {
    const random = seededRandom(4);
    const sample = new RecentSample({ size: 50, periodMs: DAY, random: () => 1 - random() });
    const offer = (from: number, to: number, at: number) => {
      for (let i = from; i < to; i++) sample.offer(singleRow(`id-${i}`, { x: i, plan: i % 2 === 0 ? 'pro' : null }), at);
    };
    offer(0, 30, 1_000);
    writeSamples(db, [{ key, sample }]);
    offer(30, 400, 2_000);
    sample.attachLabel('id-3', 'yes');
    writeSamples(db, [{ key, sample }]);
    const written = db.prepare('SELECT COUNT(*) AS n FROM sample_record').get() as { n: number };
    assert.equal(written.n, 50, 'one row per slot, rewritten in place');
    assert.deepEqual(sample.snapshot().changed, [], 'nothing changed since');

    const restored = new RecentSample({ size: 50, periodMs: DAY });
    const saved = readSample(db, key);
    restored.restore(saved.generations, saved.records);
    assert.deepEqual(restored.records(), sample.records());
    assert.equal(restored.seen, 400);
    // The skips go on where they stood: the same number of later records is taken (replaced) in both.
    const later = (s: RecentSample) => {
      for (let i = 400; i < 2_000; i++) s.offer(singleRow(`id-${i}`, { x: i, plan: null }), 3_000);
      return s.snapshot().changed.length;
    };
    assert.ok(Math.abs(later(restored) - later(sample)) <= 15, 'about as many takes after the restore as without it');

    // A new day: the generation two periods back is let go, rows and all.
    offer(2_000, 2_010, 2 * DAY + 1);
    writeSamples(db, [{ key, sample }]);
    const generations = db.prepare('SELECT start_ms AS start FROM sample_generation ORDER BY start_ms').all() as { start: number }[];
    assert.deepEqual(generations.map((g) => g.start), [2 * DAY]);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM sample_record WHERE start_ms = 0').get() as { n: number }).n, 0);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
