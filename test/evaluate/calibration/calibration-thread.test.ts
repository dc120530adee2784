import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalibrationThread } from '../../../src/evaluate/calibration/calibration-thread.js';
import { ThresholdCalibrator } from '../../../src/evaluate/calibration/threshold-calibrator.js';
import { categoricalReference } from '../../../src/evaluate/window/categorical-reference.js';
import { numericalReference } from '../../../src/evaluate/window/numerical-reference.js';
import { normalSample } from '../../helpers/seeded-random.js';

const numbers = numericalReference(normalSample(1000, 7, 3, 2));
const categories = categoricalReference(new Map([['a', 500], ['b', 300], ['c', 200]]));

test('calibrations on the thread equal the ones computed in place', async () => {
  const thread = new CalibrationThread();
  try {
    for (const [reference, method] of [[numbers, 'wasserstein_normed'], [categories, 'chi2']] as const) {
      const inPlace = new ThresholdCalibrator(reference, { replicates: 200 });
      const away = new ThresholdCalibrator(reference, { replicates: 200, thread });
      const prepared = await away.prepare(method, 700);
      const { milliseconds: _a, ...expected } = inPlace.calibration(method, 700);
      const { milliseconds: _b, ...actual } = prepared!;
      assert.deepEqual(actual, expected);
      assert.equal(away.statisticThreshold(method, 700), inPlace.statisticThreshold(method, 700));
    }
    assert.equal(thread.queued, 0);
  } finally {
    await thread.close();
  }
});

test('the event loop keeps turning while the thread calibrates', async () => {
  const thread = new CalibrationThread();
  let turns = 0;
  const ticker = setInterval(() => turns++, 1);
  try {
    const calibrator = new ThresholdCalibrator(numbers, { thread });
    const started = turns;
    await Promise.all([calibrator.prepare('wasserstein_normed', 2000), calibrator.prepare('psi', 2000)]);
    assert.ok(turns > started, 'timers ran meanwhile');
    assert.equal(calibrator.calibrations().length, 2);
  } finally {
    clearInterval(ticker);
    await thread.close();
  }
});

test('a closed thread rejects, and a calibrator falls back to computing in place', async () => {
  const thread = new CalibrationThread();
  await thread.close();
  await assert.rejects(thread.run({ reference: numbers, settings: {}, method: 'ks', windowSize: 10 }), /closed/);
  const calibrator = new ThresholdCalibrator(numbers, { replicates: 100, thread });
  const calibration = await calibrator.prepare('wasserstein', 100);
  assert.ok(calibration!.limit > 0);
});

test('a bad request is answered with its error, and the thread goes on', async () => {
  const thread = new CalibrationThread();
  try {
    await assert.rejects(thread.run({ reference: numbers, settings: { replicates: 1 }, method: 'psi', windowSize: 10 }), /replicates/);
    const ok = await thread.run({ reference: numbers, settings: { replicates: 50 }, method: 'psi', windowSize: 10 });
    assert.ok(ok.limit > 0);
  } finally {
    await thread.close();
  }
});
