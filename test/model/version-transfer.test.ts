import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelwatchError } from '../../src/errors.js';
import type { ModelKey } from '../../src/extract/inference-batch.js';
import { ModelRegistry, type ModelRegistryOptions } from '../../src/model/model-registry.js';
import type { HandoffOutcome, VersionHandoff } from '../../src/model/version-handoff.js';
import { parseVersionState, type VersionState } from '../../src/model/version-state.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import { batch, meanShiftMonitor } from './fake-monitor.js';

const M1: ModelKey = { model: 'm1', version: 'v1' };

function registry(extra: Partial<ModelRegistryOptions> = {}) {
  const published: WindowSignals[] = [];
  const made = new ModelRegistry({
    optionsFor: () => ({ referenceSize: 3, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }),
    sink: { publish: (s) => published.push(s) },
    now: () => 100,
    feedback: { horizonMs: 1e9, maxPendingPerModel: 1_000, retain: () => 'always', windowMs: 1_000, minLabels: 1 },
    ...extra,
  });
  return { registry: made, published };
}

/** The state as it travels: through JSON and the parser a POST uses. */
function travelled(state: VersionState): VersionState {
  return parseVersionState(JSON.stringify(state), state.model, state.version);
}

async function verdicts(made: ReturnType<typeof registry>, end = 1_000) {
  made.registry.closeWindows(end);
  await made.registry.settled();
  return made.published.map((s) => ({ records: s.records, statistic: s.features.map((f) => [f.name, f.statistic]) }));
}

test('a version split over two registries, released by one and taken by the other, is judged as by one', async () => {
  const single = registry();
  const a = registry();
  const b = registry();
  const parts = [{ x: [1, 2, 3] }, { x: [2, 5] }, { x: [8, 9, 1] }];
  for (const part of parts) single.registry.acceptInferences(batch(part));
  a.registry.acceptInferences(batch(parts[0]));
  a.registry.acceptInferences(batch(parts[1]));
  const exported = a.registry.exportVersion(M1, true)!;
  await exported.released;
  assert.equal(a.registry.has('m1', 'v1'), false, 'released: forgotten where it was');
  assert.equal(exported.state.reference?.columns?.x?.length, 3, 'the reference travels with the state');
  assert.deepEqual(b.registry.importVersion(travelled(exported.state)).outcome, 'created');
  b.registry.acceptInferences(batch(parts[2]));
  assert.deepEqual(await verdicts(b), await verdicts(single));
  assert.deepEqual(await verdicts(a), [], 'the releasing registry publishes nothing of it');
  assert.equal(b.registry.referenceDigestOf(M1), single.registry.referenceDigestOf(M1));
});

test('a state merged into a version monitoring the same reference adds its window; another reference is a conflict that changes nothing', async () => {
  const a = registry();
  const b = registry();
  const single = registry();
  for (const r of [a, b, single]) r.registry.acceptInferences(batch({ x: [1, 2, 3] }));
  a.registry.acceptInferences(batch({ x: [7, 7] }));
  b.registry.acceptInferences(batch({ x: [0] }));
  single.registry.acceptInferences(batch({ x: [7, 7, 0] }));
  const state = travelled(a.registry.exportVersion(M1)!.state);
  assert.ok(a.registry.has('m1', 'v1'), 'without release the version stays');

  const other = registry();
  other.registry.acceptInferences(batch({ x: [4, 5, 6, 9] }));
  const before = other.registry.openWindows();
  assert.throws(() => other.registry.importVersion(state), (error: ModelwatchError) => error.code === 'MODELWATCH_ERR_STATE_CONFLICT' && /is not the one here/.test(error.message));
  assert.deepEqual(other.registry.openWindows(), before);

  assert.equal(b.registry.importVersion(state).outcome, 'merged');
  assert.deepEqual(await verdicts(b), await verdicts(single));
});

test('a state whose profile does not fit the reference is refused whole', () => {
  const a = registry();
  a.registry.acceptInferences(batch({ x: [1, 2, 3, 4] }));
  const state = a.registry.exportVersion(M1)!.state;
  const broken = { ...state, window: { ...state.window!, profiles: { x: { ...state.window!.profiles.x, kind: 'categorical' } } } } as VersionState;
  const b = registry();
  b.registry.acceptInferences(batch({ x: [1, 2, 3] }));
  const records = b.registry.openWindows()[0].windowRecords;
  assert.throws(() => b.registry.importVersion(broken), (error: ModelwatchError) => error.code === 'MODELWATCH_ERR_BAD_STATE');
  assert.equal(b.registry.openWindows()[0].windowRecords, records);
});

test('the parser names what is wrong with a body', () => {
  const a = registry();
  a.registry.acceptInferences(batch({ x: [1, 2, 3, 4] }));
  const json = JSON.stringify(a.registry.exportVersion(M1)!.state);
  const problem = (body: string, model = 'm1') => {
    try {
      parseVersionState(body, model, 'v1');
    } catch (error) {
      return (error as ModelwatchError).message;
    }
    return 'accepted';
  };
  assert.equal(problem(json), 'accepted');
  assert.match(problem('{'), /not JSON/);
  assert.match(problem(json.replace('"modelwatch.version-state/1"', '"other/2"')), /format: /);
  assert.match(problem(json, 'm2'), /model "m1" version "v1", not of the version the path names/);
  assert.match(problem(json.replace('"records":1', '"records":-1')), /window\.records/);
});

test('a version collecting here takes an imported state, and its own rows after it', async () => {
  const a = registry();
  const single = registry();
  a.registry.acceptInferences(batch({ x: [1, 2, 3, 9] }));
  single.registry.acceptInferences(batch({ x: [1, 2, 3, 9, 5, 6] }));
  const b = registry();
  b.registry.acceptInferences(batch({ x: [5, 6] }));
  assert.equal(b.registry.list()[0].phase, 'reference');
  b.registry.importVersion(travelled(a.registry.exportVersion(M1, true)!.state));
  assert.deepEqual(b.registry.openWindows().map((w) => [w.phase, w.windowRecords]), [['monitoring', 3]]);
  assert.deepEqual(await verdicts(b), await verdicts(single));
});

test('the join moves: a label that came before the state joins its prediction, and one after it too', () => {
  const a = registry();
  const b = registry();
  const predictions = batch({ x: [1, 2, 3, 4, 5] }, { predictions: [1, 0, 1, 0, 1] });
  a.registry.acceptInferences(predictions);
  const [early, late] = [predictions.inferenceIds[3], predictions.inferenceIds[4]];
  b.registry.acceptFeedback({ model: 'm1', version: '', inferenceId: early, label: 0, timeUnixMs: 100 });
  assert.equal(b.registry.joinStats()!.joined, 0);
  b.registry.importVersion(travelled(a.registry.exportVersion(M1, true)!.state));
  assert.equal(b.registry.joinStats()!.joined, 1, 'the waiting label met its imported prediction');
  b.registry.acceptFeedback({ model: 'm1', version: 'v1', inferenceId: late, label: 1, timeUnixMs: 100 });
  assert.deepEqual({ ...b.registry.joinStats()! }, { pendingPredictions: 3, waitingLabels: 0, dropped: 0, joined: 2 });
});

/** A handoff whose answers the test gives: `answer` resolves the fetch of a version. */
function scriptedHandoff(options: { timeoutMs?: number; maxHeldRows?: number } = {}) {
  const outcomes: HandoffOutcome[] = [];
  let answer: (states: VersionState[]) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const handoff: VersionHandoff = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxHeldRows: options.maxHeldRows ?? 1_000,
    fetch: () => new Promise((resolve, reject) => {
      answer = resolve;
      fail = reject;
    }),
    ended: (_key, outcome) => outcomes.push(outcome),
  };
  return { handoff, outcomes, answer: (states: VersionState[]) => answer(states), fail: (error: Error) => fail(error) };
}

test('a version seen first is held while the peers are asked, then continued from their state with the held rows', async () => {
  const a = registry();
  const single = registry();
  a.registry.acceptInferences(batch({ x: [1, 2, 3, 9] }));
  single.registry.acceptInferences(batch({ x: [1, 2, 3, 9, 5, 6, 7] }));
  const scripted = scriptedHandoff();
  const b = registry({ handoff: scripted.handoff });
  b.registry.acceptInferences(batch({ x: [5, 6] }));
  b.registry.acceptInferences(batch({ x: [7] }));
  assert.equal(b.registry.has('m1', 'v1'), false, 'held, not started');
  assert.equal(b.registry.recordsTaken, 3, 'held rows count as taken');
  scripted.answer([a.registry.exportVersion(M1, true)!.state]);
  await b.registry.settled();
  assert.deepEqual(scripted.outcomes, ['imported']);
  assert.deepEqual(await verdicts(b), await verdicts(single));
});

test('without an answer in time, or with too many rows held, or no peer reachable, the version starts on its own reference with every row', async () => {
  for (const [settings, act, outcome] of [
    [{ timeoutMs: 20 }, async () => new Promise((resolve) => setTimeout(resolve, 60)), 'timeout'],
    [{ maxHeldRows: 5 }, async () => undefined, 'held_rows'],
    [{}, async (s: ReturnType<typeof scriptedHandoff>) => s.fail(new Error('connection refused')), 'failed'],
    [{}, async (s: ReturnType<typeof scriptedHandoff>) => s.answer([]), 'not_found'],
  ] as const) {
    const scripted = scriptedHandoff(settings);
    const b = registry({ handoff: scripted.handoff });
    b.registry.acceptInferences(batch({ x: [1, 2, 3] }));
    b.registry.acceptInferences(batch({ x: [9, 9] }));
    await act(scripted);
    await b.registry.settled();
    assert.deepEqual(scripted.outcomes, [outcome]);
    assert.deepEqual(b.registry.openWindows().map((w) => [w.phase, w.referenceRows, w.windowRecords]), [['monitoring', 3, 2]], `${outcome}: every row taken`);
  }
});

test('held rows whose window closed meanwhile are judged in it', async () => {
  const a = registry();
  a.registry.acceptInferences(batch({ x: [1, 2, 3, 9] }));
  let now = 100;
  const scripted = scriptedHandoff();
  const b = registry({ handoff: scripted.handoff, now: () => now });
  b.registry.acceptInferences(batch({ x: [9] }));
  now = 1_500;
  b.registry.closeWindows(1_000);
  b.registry.acceptInferences(batch({ x: [1] }));
  scripted.answer([a.registry.exportVersion(M1, true)!.state]);
  await b.registry.settled();
  assert.deepEqual(b.published.map((s) => [s.windowEndUnixMs, s.records]), [[1_000, 2]], 'the window a opened, with its row and the one held before the close');
  assert.deepEqual(b.registry.openWindows().map((w) => [w.windowStart, w.windowRecords]), [[1_000, 1]]);
});
