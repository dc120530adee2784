import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../src/store/state-database.js';
import { JOURNAL_FILE } from '../../src/store/journal-database.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { serveWithDataDir as serve, type ServeChild as Child } from '../helpers/serve-child.js';

/**
 * The durability test: a real `modelwatch serve` child is killed with SIGKILL
 * in the middle of a stream, restarted on the same data dir, and sent what got no
 * 2xx. Its windows, pending joins and references must equal those of an
 * uninterrupted run over the same input: every request that got a 2xx, plus those
 * resent. A request the killed child committed without answering it is resent too
 * (at-least-once, as OTLP clients retry): the journal left on disk says which, and
 * the uninterrupted run is given it twice as well.
 */

const REQUESTS = 48;
const SPANS_PER_REQUEST = 25;
const IN_FLIGHT = 4;
/**
 * Requests sent one by one first: they complete the reference (130 rows), whose
 * commit snapshots the state and empties the journal; after them the journal holds
 * exactly what the child took, which tells which unanswered requests it committed.
 */
const PREFIX = 10;
/** Answers after which the child is killed, with requests still in flight. */
const KILL_AFTER_ANSWERS = 24;
const HOUR_MS = 3_600_000;

/**
 * A window duration whose next boundary is at least `clearMs` after `nowMs`. Windows
 * close on the wall clock at multiples of their duration since 1970 (so a day-long
 * window closes at UTC midnight), and the runs compare one open window: a boundary
 * crossed during the test would close it in some runs and not in others. From a day
 * up, by the hour, the first duration whose boundary is far enough.
 */
function windowClearOf(nowMs: number, clearMs: number): number {
  for (let hours = 24; hours <= 48; hours++) {
    const duration = hours * HOUR_MS;
    if (duration - (nowMs % duration) >= clearMs) return duration;
  }
  throw new Error('no window duration between one and two days has its next boundary far enough');
}

interface Request {
  readonly path: '/v1/traces' | '/v1/feedback';
  readonly body: string;
}

/** A fixed stream: inference batches, and every fourth request labels (some for predictions not seen yet). */
function fixedStream(): Request[] {
  const requests: Request[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    if (r % 4 === 3) {
      const labels = [];
      for (let i = 0; i < 10; i++) labels.push({ 'ml.model.name': 'churn', 'ml.inference.id': `r${r - 2}-${i * 2}`, 'ml.label': i % 3 === 0 ? 1 : 0 });
      for (let i = 0; i < 3; i++) labels.push({ 'ml.model.name': 'churn', 'ml.inference.id': `r${r + 5}-${i}`, 'ml.label': 1 });
      requests.push({ path: '/v1/feedback', body: JSON.stringify(labels) });
      continue;
    }
    const spans = [];
    for (let i = 0; i < SPANS_PER_REQUEST; i++) {
      const n = r * SPANS_PER_REQUEST + i;
      spans.push({
        'ml.model.name': 'churn', 'ml.model.version': '3', 'ml.inference.id': `r${r}-${i}`,
        'ml.feature.tenure': (n * 7919) % 101, 'ml.feature.plan': ['basic', 'pro', 'team'][n % 3],
        'ml.prediction': n % 2, 'ml.prediction.score': ((n * 37) % 100) / 100,
      });
    }
    requests.push({ path: '/v1/traces', body: encodeTracesJsonRequest(spans) });
  }
  return requests;
}

async function post(base: string, request: Request): Promise<number> {
  const response = await fetch(`${base}${request.path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body, signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

async function sendInOrder(base: string, requests: readonly Request[]): Promise<void> {
  for (const request of requests) assert.equal(await post(base, request), 200);
}

/** What a restart must bring back: each version's phase, reference and open window size, and the join's waiting entries. */
async function monitoredState(child: Child, dataDir: string): Promise<unknown> {
  const response = await fetch(`${child.base}/admin/state`, { signal: AbortSignal.timeout(10_000) });
  const state = await response.json() as { models: { windowStart: unknown }[]; join: unknown; feedbackReceived: number };
  // The retraining sample holds every record here (10,000 > the stream), with its label: one line each, in any order.
  const csv = await (await fetch(`${child.base}/v1/models/churn/3/samples?format=csv`, { signal: AbortSignal.timeout(10_000) })).text();
  const sample = csv.trim().split('\r\n').sort();
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const references = db.prepare('SELECT model, version, columns FROM reference ORDER BY model, version').all();
    // Window starts are wall-clock times of each run: the rest must be equal.
    return { models: state.models.map(({ windowStart: _, ...rest }) => rest), join: state.join, feedbackReceived: state.feedbackReceived, sample, references };
  } finally {
    db.close();
  }
}

/**
 * The request bodies the killed child's journal holds after its last snapshot, in the
 * order it took them (entries up to the snapshot's seq may remain if it was killed
 * before cutting them; a restart ignores those, and so does this).
 */
function journalled(dataDir: string): string[] {
  const state = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  const journal = new Database(join(dataDir, JOURNAL_FILE), { readonly: true });
  try {
    const snapshot = state.prepare('SELECT through_seq AS seq FROM snapshot').get() as { seq: number } | undefined;
    return (journal.prepare('SELECT body FROM journal WHERE seq > ? ORDER BY seq').all(snapshot?.seq ?? 0) as { body: Buffer }[])
      .map((row) => row.body.toString('utf8'));
  } finally {
    state.close();
    journal.close();
  }
}

test('a serve killed with SIGKILL mid-stream and restarted ends as an uninterrupted run over what it acknowledged', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-kill-'));
  const configFile = join(dir, 'modelwatch.yaml');
  // The runs compare one open window: its next boundary is an hour away at least, far beyond the test's timeout.
  const windowMs = windowClearOf(Date.now(), HOUR_MS);
  const boundary = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
  writeFileSync(configFile, `windows: { duration: ${windowMs}ms }\nreference: { size: 130 }\nfeedback: { retain_predictions: always }\n`);
  const stream = fixedStream();
  const interruptedDir = join(dir, 'interrupted');
  const uninterruptedDir = join(dir, 'uninterrupted');
  const children: Child[] = [];
  try {
    // First life: a stream with requests in flight, killed after some answers.
    const first = await serve(interruptedDir, configFile);
    children.push(first);
    await sendInOrder(first.base, stream.slice(0, PREFIX));
    const answered = new Set<number>(stream.slice(0, PREFIX).map((_, index) => index));
    let next = PREFIX;
    let killed = false;
    await new Promise<void>((resolve) => {
      let running = 0;
      const launch = (): void => {
        while (!killed && running < IN_FLIGHT && next < stream.length) {
          const index = next++;
          running++;
          post(first.base, stream[index]).then((status) => {
            if (status === 200 && !killed) answered.add(index);
          }, () => undefined).finally(() => {
            running--;
            if (!killed && answered.size >= KILL_AFTER_ANSWERS) {
              killed = true;
              first.process.kill('SIGKILL');
            }
            if (running === 0 && (killed || next >= stream.length)) resolve();
            else launch();
          });
        }
      };
      launch();
    });
    await first.exited;
    assert.ok(answered.size >= KILL_AFTER_ANSWERS && answered.size < stream.length, `killed mid-stream (${answered.size} answered)`);

    const journal = journalled(interruptedDir).map((body) => stream.findIndex((r) => r.body === body));
    assert.ok(journal.every((index) => index >= PREFIX - 3), 'the journal holds requests as sent, from the reference\'s snapshot on');
    const onDisk = [...stream.slice(0, PREFIX).map((_, index) => index).filter((index) => !journal.includes(index)), ...journal];
    for (const index of answered) assert.ok(onDisk.includes(index), `request ${index} got a 200, so it is on disk`);

    // Second life: the same data dir; what got no answer is sent again, then the rest.
    const resent = stream.map((_, index) => index).filter((index) => !answered.has(index));
    const second = await serve(interruptedDir, configFile);
    children.push(second);
    await sendInOrder(second.base, resent.map((index) => stream[index]));
    const recovered = await monitoredState(second, interruptedDir);

    // The uninterrupted run: what the first life committed, in its order, then what was resent.
    const whole = await serve(uninterruptedDir, configFile);
    children.push(whole);
    await sendInOrder(whole.base, [...onDisk, ...resent].map((index) => stream[index]));
    const expected = await monitoredState(whole, uninterruptedDir);

    const { references: recoveredReferences, ...recoveredRest } = recovered as { references: unknown };
    const { references: expectedReferences, ...expectedRest } = expected as { references: unknown };
    assert.deepEqual(recoveredRest, expectedRest, 'windows, the join and the retraining sample');
    assert.deepEqual(recoveredReferences, expectedReferences, 'references');
    const state = expected as { models: { phase: string; windowRecords: number }[]; join: { pendingPredictions: number; waitingLabels: number; joined: number } };
    assert.equal(state.models[0].phase, 'monitoring', 'the reference was collected, so the window comparison means something');
    assert.ok(state.models[0].windowRecords > 0 && state.join.pendingPredictions > 0 && state.join.joined > 0 && state.join.waitingLabels > 0);
    assert.ok(Date.now() < boundary, 'no window closed during the runs');
  } finally {
    for (const child of children) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    rmSync(dir, { recursive: true, force: true });
  }
});
