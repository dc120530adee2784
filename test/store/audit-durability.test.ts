import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { DATABASE_FILE, openStateDatabase, schemaVersion } from '../../src/store/state-database.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { serveWithDataDir as serve, type ServeChild as Child } from '../helpers/serve-child.js';

/**
 * The audit log and model delete across a kill -9 of the real `modelwatch serve
 * --data-dir`, on a data dir whose database an older modelwatch left at schema 4:
 * the migration adds the audit table, every answered admin action is still recorded
 * after the restart, and a deleted version stays gone (reference, state and sample)
 * until its traffic comes back.
 */
const ADMIN = 'durableADMINdurable000';
const INGEST = 'durableINGESTdurable00';

async function call(child: Child, method: string, path: string, token?: string, body?: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  const response = await fetch(`${child.base}${path}`, {
    method, body, signal: AbortSignal.timeout(10_000),
    headers: { 'content-type': contentType, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
  });
  return { status: response.status, text: await response.text() };
}

async function sendRows(child: Child, version: string, from: number, rows: number): Promise<void> {
  const spans = Array.from({ length: rows }, (_, i) => ({ 'ml.model.name': 'churn', 'ml.model.version': version, 'ml.inference.id': `${version}-${from + i}`, 'ml.feature.x': from + i }));
  assert.equal((await call(child, 'POST', '/v1/traces', INGEST, encodeTracesJsonRequest(spans))).status, 200);
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}

type Listed = { model: string; version: string; phase: string };

test('audit rows and a model delete survive a kill -9 of serve --data-dir, on a database migrated from schema 4', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-audit-durable-'));
  const dataDir = join(dir, 'data');
  try {
    // What an older modelwatch left: a database at schema 4, without the audit table.
    openStateDatabase(dataDir, MIGRATIONS.filter((m) => m.version <= 4)).close();
    writeFileSync(join(dir, 'admin.tokens'), `ops:${ADMIN}\n`);
    writeFileSync(join(dir, 'ingest.tokens'), `collector:${INGEST}\n`);
    const configFile = join(dir, 'modelwatch.yaml');
    writeFileSync(configFile, 'reference: { size: 3 }\nreceiver: { auth: { tokens_file: ingest.tokens, admin_tokens_file: admin.tokens } }\n');

    const first = await serve(dataDir, configFile);
    let listedBefore: string[];
    try {
      const replaced = await call(first, 'PUT', '/admin/reference?model=churn&version=2', ADMIN, 'x\n10\n11\n12\n', 'text/csv');
      assert.equal(replaced.status, 200, replaced.text);
      await sendRows(first, '2', 0, 5);
      // Version 1's reference completes here, and the snapshot that keeps it holds both samples.
      await sendRows(first, '1', 0, 5);
      const live = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        // The snapshot commits just after the request that completed the reference is answered (that request is in the journal).
        const sampled = () => (live.prepare("SELECT COUNT(*) AS n FROM sample_record WHERE version = '1'").get() as { n: number }).n;
        for (let wait = 0; wait < 50 && sampled() === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.ok(sampled() > 0, 'version 1 has sample rows to delete');
      } finally {
        live.close();
      }
      assert.equal((await call(first, 'DELETE', '/admin/models?model=churn&version=1', ADMIN)).status, 200);
      assert.equal((await call(first, 'DELETE', '/admin/models?model=churn&version=2', INGEST)).status, 403);
      listedBefore = ((JSON.parse((await call(first, 'GET', '/admin/models', ADMIN)).text) as { models: Listed[] }).models).map((m) => `${m.version}:${m.phase}`);
      assert.deepEqual(listedBefore, ['2:monitoring']);
    } finally {
      // Every answer above was sent once durable: a kill loses none of it.
      await kill(first);
    }

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      assert.equal(schemaVersion(db), MIGRATIONS[MIGRATIONS.length - 1].version);
      assert.ok(MIGRATIONS[MIGRATIONS.length - 1].version >= 5);
      const rows = db.prepare('SELECT action, token_id, access, model, version, outcome, reference_before, reference_after FROM audit ORDER BY id').all();
      const digestOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
      assert.deepEqual(rows, [
        { action: 'reference.replace', token_id: 'ops', access: 'token', model: 'churn', version: '2', outcome: 200,
          reference_before: 'none', reference_after: digestOf('[["x",["10","11","12"]]]') },
        { action: 'model.delete', token_id: 'ops', access: 'token', model: 'churn', version: '1', outcome: 200,
          reference_before: digestOf('[["x",[0,1,2]]]'), reference_after: 'none' },
        { action: 'model.delete', token_id: 'collector', access: 'forbidden', model: 'churn', version: '2', outcome: 403,
          reference_before: null, reference_after: null },
      ]);
      const count = (table: string, version: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE model = 'churn' AND version = ?`).get(version) as { n: number }).n;
      assert.deepEqual([count('reference', '1'), count('sample_generation', '1'), count('sample_record', '1')], [0, 0, 0], 'nothing of the deleted version is kept');
      assert.deepEqual([count('reference', '2'), count('sample_generation', '2') > 0, count('sample_record', '2') > 0], [1, true, true], 'the other version is kept whole');
    } finally {
      db.close();
    }

    const second = await serve(dataDir, configFile);
    try {
      const models = (JSON.parse((await call(second, 'GET', '/admin/models', ADMIN)).text) as { models: Listed[] }).models;
      assert.deepEqual(models.map((m) => `${m.version}:${m.phase}`), listedBefore, 'the deleted version did not come back');
      const audit = JSON.parse((await call(second, 'GET', '/admin/audit', ADMIN)).text) as { records: { action: string; tokenId: string | null; outcome: number }[] };
      assert.deepEqual(audit.records.map((r) => [r.action, r.tokenId, r.outcome]),
        [['model.delete', 'collector', 403], ['model.delete', 'ops', 200], ['reference.replace', 'ops', 200]]);
      assert.equal((await call(second, 'GET', '/v1/models/churn/1/samples', ADMIN)).status, 404);
      // Its traffic back: the version starts afresh, collecting a reference rather than using the deleted one.
      await sendRows(second, '1', 50, 2);
      const again = (JSON.parse((await call(second, 'GET', '/admin/models', ADMIN)).text) as { models: Listed[] }).models;
      assert.deepEqual(again.map((m) => `${m.version}:${m.phase}`).sort(), ['1:reference', '2:monitoring']);
    } finally {
      await kill(second);
    }
    const files = readdirSync(dataDir).join(' ');
    for (const file of readdirSync(dataDir)) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      for (const secret of [ADMIN, INGEST]) assert.ok(!bytes.includes(secret), `a token in ${file} (of ${files})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
