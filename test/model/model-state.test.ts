import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelState } from '../../src/model/model-state.js';
import { batch, meanShiftMonitor, referencesSeen } from './fake-monitor.js';

const options = { referenceSize: 5, minWindowRecords: 3, driftShare: 0.5, monitorFactory: meanShiftMonitor };
const key = { model: 'm1', version: 'v1' };

test('the first rows make the reference; a batch straddling the boundary is split', async () => {
  const state = new ModelState(key, options, 0);
  assert.equal(state.accept(batch({ x: [1, 2, 3] }), 10), 3, 'all three rows into the reference');
  assert.equal(state.phase, 'reference');
  assert.equal(state.closeWindow(20), undefined, 'no window while collecting the reference');
  assert.equal(state.accept(batch({ x: [4, 5, 100, 100, 100] }), 30), 2, 'two rows complete the reference');
  assert.equal(state.accept(batch({ x: [100] }), 31), 0);
  assert.equal(state.phase, 'monitoring');
  assert.deepEqual(referencesSeen.get('x'), [1, 2, 3, 4, 5]);
  const signals = await state.closeWindow(40)!;
  assert.equal(signals.records, 4, 'the four rows past the reference');
  assert.equal(signals.windowStartUnixMs, 30);
  assert.equal(signals.windowEndUnixMs, 40);
  assert.equal(signals.features[0].statistic, 97, 'mean 100 against the reference mean 3');
  assert.equal(signals.features[0].drifted, true);
});

test('a window below the minimum record count gets no verdict', async () => {
  const state = new ModelState(key, { ...options, referenceSize: 1 }, 0);
  state.accept(batch({ x: [1, 2, 3] }), 0);
  const signals = await state.closeWindow(10)!;
  assert.equal(signals.records, 2);
  assert.equal(signals.evaluated, false);
  assert.deepEqual(signals.features, []);
  assert.ok(Number.isNaN(signals.driftShare));
  assert.equal(signals.datasetDrifted, false);
  assert.equal((await state.closeWindow(20)!).records, 0, 'each window starts empty');
});

test('a feature absent from a batch is missing on its rows; outputs are monitored but not in the drift share', async () => {
  const state = new ModelState(key, { ...options, referenceSize: 2 }, 0);
  state.accept(batch({ x: [0, 0], y: [0, 0], ignored_z: [1, 1] }, { predictions: [0, 0] }), 0);
  state.accept(batch({ x: [5, 5] }, { predictions: [9, 9] }), 0);
  state.accept(batch({ x: [5], y: [0] }, { predictions: [9] }), 0);
  const signals = await state.closeWindow(10)!;
  assert.deepEqual(signals.features.map((f) => f.name), ['x', 'y', 'ml.prediction']);
  const [x, y, prediction] = signals.features;
  assert.equal(y.quality.missingRatio, 2 / 3);
  assert.equal(x.drifted, true);
  assert.equal(y.drifted, false);
  assert.equal(prediction.drifted, true);
  assert.equal(signals.driftShare, 0.5, 'x of x and y: the prediction does not count');
  assert.equal(signals.datasetDrifted, true);
  assert.deepEqual(x.exemplar, { traceId: 'ab'.repeat(16), spanId: x.exemplar!.spanId });
  assert.notEqual(y.exemplar!.spanId, x.exemplar!.spanId, 'y first appeared in a later span');
});

test('a configured reference starts monitoring at once', async () => {
  const monitors = new Map([['x', meanShiftMonitor('x', [0, 0, 0])!]]);
  const state = new ModelState(key, { ...options, monitors }, 100);
  assert.equal(state.phase, 'monitoring');
  state.accept(batch({ x: [3, 3, 3] }), 110);
  const signals = await state.closeWindow(200)!;
  assert.equal(signals.windowStartUnixMs, 100);
  assert.equal(signals.features[0].statistic, 3);
});

test('a feature whose verdict throws is left out; the others still report', async () => {
  const failing = { ...meanShiftMonitor('x', [0])!, judge: () => { throw new RangeError('drift method "ks" does not apply'); } };
  const monitors = new Map([['x', failing], ['y', meanShiftMonitor('y', [0])!]]);
  const state = new ModelState(key, { ...options, minWindowRecords: 1, monitors }, 0);
  state.accept(batch({ x: [1], y: [5] }), 0);
  const signals = await state.closeWindow(10)!;
  assert.deepEqual(signals.features.map((f) => f.name), ['y']);
});

test('verdicts come in window order, each after a turn of the event loop per feature; the next window fills meanwhile', async () => {
  let release!: () => void;
  const calibrated = new Promise<void>((resolve) => { release = resolve; });
  const slow = { ...meanShiftMonitor('x', [0])!, prepare: () => calibrated };
  const state = new ModelState(key, { ...options, minWindowRecords: 1, monitors: new Map([['x', slow]]) }, 0);
  state.accept(batch({ x: [5] }), 0);
  const first = state.closeWindow(10)!;
  state.accept(batch({ x: [1, 1] }), 11);
  const second = state.closeWindow(20)!;
  const order: number[] = [];
  const done = Promise.all([first.then((s) => order.push(s.records)), second.then((s) => order.push(s.records))]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [], 'the first verdict waits for its calibration, the second for the first');
  release();
  await done;
  assert.deepEqual(order, [1, 2]);
});

test('a reference collected from traffic calibrates its monitors for the window size its pace predicts', () => {
  const sizes: number[] = [];
  const factory = (name: string, values: readonly unknown[]) => ({
    ...meanShiftMonitor(name, values)!,
    prepare: async (windowSize: number) => { sizes.push(windowSize); },
  });
  // 5 rows in 100 ms, windows of 1 s: about 50 rows a window.
  const state = new ModelState(key, { ...options, monitorFactory: factory, windowMs: 1000 }, 0);
  state.accept(batch({ x: [1, 2] }), 40);
  assert.deepEqual(sizes, []);
  state.accept(batch({ x: [3, 4, 5] }), 100);
  assert.deepEqual(sizes, [50]);
});
