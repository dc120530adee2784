import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';

/*
 * The journal asks for a snapshot each time it has grown past its bound. Under full
 * load it grew past it faster than a snapshot commits, and every snapshot queued was
 * the whole state serialized: one is taken only once the last one is on disk.
 */
test('a snapshot the journal size asks for waits until the last one is committed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-pace-'));
  const processor = new Processor(parseConfig(`receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }\ndata_dir: ${JSON.stringify(dataDir)}\n`,
    { name: 'test.yaml', baseDir: process.cwd() }));
  try {
    await processor.start();
    const durable = processor.durable!;
    const journalGrew = (): void => {
      durable.journal.bytesSinceSnapshot = Number.MAX_SAFE_INTEGER;
      durable.journal.afterCommit!();
    };
    const before = durable.snapshots;
    journalGrew();
    journalGrew();
    journalGrew();
    assert.equal(durable.snapshots, before + 1, 'one snapshot while the first commits');
    for (let i = 0; i < 500 && durable.snapshots === before + 1; i++) {
      await delay(10);
      journalGrew();
    }
    assert.equal(durable.snapshots, before + 2, 'the next once it is committed');
    assert.ok(durable.snapshotsCommitted >= before + 1);
  } finally {
    await processor.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
