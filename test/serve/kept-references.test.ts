import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { parseConfig } from '../../src/config/load-config.js';
import { DATABASE_FILE } from '../../src/store/state-database.js';
import { Processor } from '../../src/serve/processor.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';

async function started(dataDir: string): Promise<{ processor: Processor; base: string }> {
  const config = parseConfig(
    `receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }\nreference: { size: 3 }\ndata_dir: ${JSON.stringify(dataDir)}\n`,
    { name: 'test.yaml', baseDir: process.cwd() },
  );
  const processor = new Processor(config);
  await processor.start();
  return { processor, base: `http://127.0.0.1:${processor.receiver.address().port}` };
}

async function send(base: string, rows: Record<string, number | string>[]): Promise<void> {
  const spans = rows.map((row) => ({ 'ml.model.name': 'churn', 'ml.model.version': '2', ...row }));
  const response = await fetch(`${base}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(spans), signal: AbortSignal.timeout(5000),
  });
  assert.equal(response.status, 200);
}

/** The versions whose reference the data dir's database keeps (read beside the running processor, as WAL allows). */
function keptReferences(dataDir: string): string[] {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT model, version FROM reference ORDER BY model, version').all() as { model: string; version: string }[])
      .map((row) => `${row.model} ${row.version}`);
  } finally {
    db.close();
  }
}

/**
 * The kept references once they settle: the request that completes a reference is
 * answered once it is journalled; the snapshot keeping the reference commits after.
 */
async function keptReferencesSettled(dataDir: string, expected: readonly string[]): Promise<string[]> {
  let kept = keptReferences(dataDir);
  for (let i = 0; i < 100 && JSON.stringify(kept) !== JSON.stringify(expected); i++) {
    await delay(50);
    kept = keptReferences(dataDir);
  }
  return kept;
}

async function churn(base: string) {
  const response = await fetch(`${base}/admin/models`, { signal: AbortSignal.timeout(5000) });
  const { models } = await response.json() as { models: { model: string; phase: string }[] };
  return models.find((m) => m.model === 'churn');
}

test('with a data dir, a restarted processor monitors against the reference it collected, and a reset forgets it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelwatch-data-'));
  let processor: Processor | undefined;
  try {
    let base: string;
    ({ processor, base } = await started(dataDir));
    await send(base, [{ 'ml.feature.x': 1 }, { 'ml.feature.x': 2 }, { 'ml.feature.x': 3 }]);
    assert.equal((await churn(base))!.phase, 'monitoring');
    assert.deepEqual(await keptReferencesSettled(dataDir, ['churn 2']), ['churn 2']);
    await processor.shutdown();

    ({ processor, base } = await started(dataDir));
    await send(base, [{ 'ml.feature.x': 50 }]);
    assert.equal((await churn(base))!.phase, 'monitoring', 'no new reference collected from the first records after the restart');

    const reset = await fetch(`${base}/admin/reference?model=churn&version=2`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
    assert.equal(reset.status, 200);
    assert.deepEqual(keptReferences(dataDir), [], 'the reset reference is forgotten once the reset is answered');

    const put = await fetch(`${base}/admin/reference?model=churn&version=2`, {
      method: 'PUT', headers: { 'content-type': 'text/csv' }, body: 'x,plan\n1,a\n2,b\n', signal: AbortSignal.timeout(5000),
    });
    assert.equal(put.status, 200);
    await processor.shutdown();

    ({ processor, base } = await started(dataDir));
    await send(base, [{ 'ml.feature.x': 1, 'ml.feature.plan': 'a' }]);
    assert.equal((await churn(base))!.phase, 'monitoring', 'the uploaded reference was kept');
  } finally {
    // Also when an assertion failed: a processor left running keeps the test file from ending.
    await processor?.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('without a data dir nothing is written', async () => {
  const before = readdirSync(process.cwd()).sort();
  const processor = new Processor(parseConfig('receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }\nreference: { size: 1 }\n', { name: 't.yaml', baseDir: process.cwd() }));
  await processor.start();
  try {
    await send(`http://127.0.0.1:${processor.receiver.address().port}`, [{ 'ml.feature.x': 1 }, { 'ml.feature.x': 2 }]);
    assert.equal(existsSync(join(process.cwd(), 'references')), false);
    assert.deepEqual(readdirSync(process.cwd()).sort(), before);
  } finally {
    await processor.shutdown();
  }
});
