import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelRegistry } from '../../src/model/model-registry.js';
import { WindowScheduler } from '../../src/model/window-scheduler.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import type { FeatureValue, ModelKey } from '../../src/extract/inference-batch.js';
import { batch, meanShiftMonitor } from './fake-monitor.js';

function recordingRegistry(now = () => 0) {
  const published: WindowSignals[] = [];
  const registry = new ModelRegistry({
    optionsFor: () => ({ referenceSize: 2, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }),
    sink: { publish: (s) => published.push(s) },
    now,
  });
  return { registry, published };
}

test('keeps each model version apart and publishes each closed window', async () => {
  const { registry, published } = recordingRegistry();
  registry.acceptInferences(batch({ x: [1, 1, 9] }));
  registry.acceptInferences(batch({ x: [1, 1, 1] }, { version: 'v2' }));
  registry.acceptInferences(batch({ x: [5] }, { model: 'm2' }));
  assert.deepEqual(registry.list().map((m) => [m.model, m.version, m.phase]),
    [['m1', 'v1', 'monitoring'], ['m1', 'v2', 'monitoring'], ['m2', 'v1', 'reference']]);
  registry.closeWindows(1000);
  assert.equal(registry.windowsJudging, 2);
  await registry.settled();
  assert.equal(registry.windowsJudging, 0);
  assert.deepEqual(published.map((s) => [s.model, s.version, s.records, s.features[0].drifted]),
    [['m1', 'v1', 1, true], ['m1', 'v2', 1, false]]);
});

test('a sink that throws does not stop the other models or the caller', async () => {
  const registry = new ModelRegistry({
    optionsFor: () => ({ referenceSize: 1, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }),
    sink: { publish: () => { throw new Error('exporter down'); } },
  });
  registry.acceptInferences(batch({ x: [1, 2] }));
  assert.doesNotThrow(() => registry.closeWindows(10));
  await registry.settled();
});

test('replacing a reference restarts collection; feedback is counted', () => {
  const { registry } = recordingRegistry();
  registry.acceptInferences(batch({ x: [1, 1, 9] }));
  registry.replaceReference({ model: 'm1', version: 'v1' });
  assert.equal(registry.list()[0].phase, 'reference');
  registry.acceptFeedback({ model: 'm1', version: 'v1', inferenceId: 'a', label: 1, timeUnixMs: 0 });
  assert.equal(registry.feedbackReceived, 1);
});

test('the scheduler closes windows on multiples of the duration and once more at shutdown', async () => {
  const closes: number[] = [];
  let settledCalls = 0;
  const scheduler = new WindowScheduler({ closeWindows: (end) => closes.push(end), settled: async () => { settledCalls++; } }, 40);
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 130));
  await scheduler.shutdown();
  await scheduler.shutdown();
  assert.ok(closes.length >= 3 && closes.length <= 5, `closed ${closes.length} times`);
  assert.equal(settledCalls, 1, 'shutdown waits for the last verdicts');
  for (const end of closes.slice(0, -1)) assert.equal(end % 40, 0, 'aligned on the duration');
  const last = closes.length;
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(closes.length, last, 'nothing after shutdown');
});

test('windows longer than a timer can wait (about 24.8 days) are closed at their boundary, not at once', async (t) => {
  const closes: number[] = [];
  const closer = { closeWindows: (end: number) => closes.push(end), settled: async () => {} };
  const day = 86_400_000;
  // Real timers first: Node fires a timeout past 2^31 - 1 ms after 1 ms, which closed such windows in a loop.
  const real = new WindowScheduler(closer, 1000 * day);
  await real.start();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(closes, [], 'nothing closes before the boundary');
  await real.shutdown();
  closes.length = 0;

  t.mock.timers.enable({ apis: ['setTimeout'] });
  let now = 0;
  const stepped = new WindowScheduler(closer, 30 * day, () => now);
  await stepped.start();
  const maxTimeout = 2 ** 31 - 1;
  now = maxTimeout;
  t.mock.timers.tick(maxTimeout);
  assert.deepEqual(closes, [], 'a step short of the boundary closes nothing');
  now = 30 * day;
  t.mock.timers.tick(30 * day - maxTimeout);
  assert.deepEqual(closes, [30 * day]);
  await stepped.shutdown();
});

test('a window closed but not judged yet is in the snapshot, and a registry restored from it judges and publishes it', async () => {
  // The reference is kept apart from snapshots (the state database's reference table): a Map here.
  const kept = new Map<string, ReadonlyMap<string, readonly FeatureValue[]>>();
  const references = {
    load: (key: ModelKey) => kept.get(key.model),
    save: (key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>) => void kept.set(key.model, columns),
    delete: (key: ModelKey) => void kept.delete(key.model),
  };
  const keeping = () => {
    const published: WindowSignals[] = [];
    const registry = new ModelRegistry({
      optionsFor: () => ({ referenceSize: 2, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }),
      sink: { publish: (s) => published.push(s) },
      now: () => 0,
      references,
    });
    return { registry, published };
  };
  const { registry, published } = keeping();
  registry.acceptInferences(batch({ x: [1, 1] }));
  registry.acceptInferences(batch({ x: [5, 6, 7] }));
  registry.closeWindows(1000);
  // Taken in the same turn as the close, as the durable state takes it: the verdict is not out.
  const saved = JSON.parse(JSON.stringify(registry.snapshot())) as ReturnType<ModelRegistry['snapshot']>;
  assert.equal(saved.states[0].judging?.length, 1);
  assert.equal(saved.states[0].judging?.[0].endUnixMs, 1000);
  await registry.settled();
  assert.equal(published.length, 1);
  assert.equal(registry.snapshot().states[0].judging, undefined, 'once published, a snapshot lets it go');

  const again = keeping();
  again.registry.restore(saved);
  await again.registry.settled();
  assert.deepEqual(again.published, published, 'the same verdict, published after the restart');
});

test('a reference keeper keeps collected references, and a version seen again monitors against its kept one', async () => {
  const kept = new Map<string, ReadonlyMap<string, readonly FeatureValue[]>>();
  const keeper = {
    load: (key: ModelKey) => {
      if (key.model === 'broken') throw new Error('unreadable');
      return kept.get(key.model);
    },
    save: (key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>) => void kept.set(key.model, columns),
    delete: (key: ModelKey) => void kept.delete(key.model),
  };
  const options = { optionsFor: () => ({ referenceSize: 2, minWindowRecords: 1, driftShare: 0.5, monitorFactory: meanShiftMonitor }), sink: { publish: () => {} } };
  const first = new ModelRegistry({ ...options, references: keeper });
  first.acceptInferences(batch({ x: [1, 3] }));
  assert.deepEqual(kept.get('m1'), new Map([['x', [1, 3]]]));

  const published: WindowSignals[] = [];
  const second = new ModelRegistry({ ...options, sink: { publish: (s) => published.push(s) }, references: keeper });
  second.acceptInferences(batch({ x: [9] }));
  second.acceptInferences(batch({ x: [1] }, { model: 'broken' }));
  assert.deepEqual(second.list().map((m) => [m.model, m.phase]), [['m1', 'monitoring'], ['broken', 'reference']]);
  second.closeWindows(10);
  await second.settled();
  assert.equal(published[0].features[0].statistic, 7, 'mean 9 against the kept reference mean 2');

  assert.deepEqual(second.replaceReference({ model: 'm1', version: 'v1' }, new Map([['x', [0]], ['ignored_y', [1]]])).features, ['x']);
  assert.deepEqual(kept.get('m1'), new Map([['x', [0]], ['ignored_y', [1]]]));
  second.replaceReference({ model: 'm1', version: 'v1' });
  assert.equal(kept.has('m1'), false);
});

test('a timer that wakes early by the wall clock does not close the same boundary twice', async () => {
  const closes: number[] = [];
  let wall = 1000;
  // The wall clock lags the timers: each wake-up reads 1 ms before the boundary it was set for.
  const scheduler = new WindowScheduler({ closeWindows: (end) => { closes.push(end); wall = end - 1; }, settled: async () => {} }, 20, () => wall);
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, 90));
  await scheduler.shutdown();
  const boundaries = closes.slice(0, -1);
  assert.ok(boundaries.length >= 2, `closed at ${closes.join(', ')}`);
  assert.equal(new Set(boundaries).size, boundaries.length, `a boundary closed twice: ${boundaries.join(', ')}`);
  boundaries.forEach((end, i) => i > 0 && assert.equal(end - boundaries[i - 1], 20));
});
