import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedCalibrationError } from '../../../src/evaluate/estimated/expected-calibration-error.js';
import { fitProbabilityCalibrator } from '../../../src/evaluate/estimated/probability-calibrator.js';
import { stratifiedFolds } from '../../../src/evaluate/estimated/stratified-folds.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** Scores whose true positive rate is score³: far too confident on the positive side. */
function overconfident(n: number, seed: number) {
  const random = seededRandom(seed);
  const scores = Float64Array.from({ length: n }, () => random());
  const outcome = Uint8Array.from(scores, (s) => (random() < s ** 3 ? 1 : 0));
  return { scores, outcome };
}

describe('fitProbabilityCalibrator', () => {
  it('calibrates badly calibrated scores, and the calibrated reference then has a lower ECE', () => {
    const { scores, outcome } = overconfident(2000, 3);
    const calibrator = fitProbabilityCalibrator(scores, outcome);
    assert.equal(calibrator.applied, true, calibrator.reason);
    assert.ok(calibrator.eceCrossFitted < calibrator.eceRaw);
    const fresh = overconfident(2000, 4); // judged on rows the calibrator never saw
    assert.ok(expectedCalibrationError(calibrator.calibrate(fresh.scores), fresh.outcome) < expectedCalibrationError(fresh.scores, fresh.outcome) / 2);
  });

  it('leaves scores alone when the reference holds one class, is separable or is too small', () => {
    const scores = Float64Array.of(0.1, 0.4, 0.6, 0.9);
    for (const [outcome, why] of [
      [Uint8Array.of(1, 1, 1, 1), /one class/],
      [Uint8Array.of(0, 0, 1, 1), /separable/],
    ] as const) {
      const c = fitProbabilityCalibrator(scores, outcome);
      assert.equal(c.applied, false);
      assert.match(c.reason, why);
      assert.deepEqual(c.calibrate(scores), scores);
    }
    assert.match(fitProbabilityCalibrator(Float64Array.of(0.6, 0.4, 0.5), Uint8Array.of(0, 1, 0)).reason, /fewer than 4/);
  });

  it('mostly keeps scores that are already probabilities, and always fixes overconfident ones', () => {
    // 20 seeded references of 300 rows on a coarse score grid; outcomes drawn with
    // probability score (calibrated) or score³ (overconfident). On calibrated scores an
    // isotonic fit only adds noise, so the cross-fitted ECE is lower by chance only:
    // measured 6 of 20. Overconfident scores: 20 of 20.
    const applied = (truth: (s: number) => number) => {
      let count = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const random = seededRandom(seed);
        const scores = Float64Array.from({ length: 300 }, () => 0.2 + (0.6 * Math.round(random() * 4)) / 4);
        const outcome = Uint8Array.from(scores, (s) => (random() < truth(s) ? 1 : 0));
        const c = fitProbabilityCalibrator(scores, outcome);
        if (!c.applied) assert.deepEqual(c.calibrate(scores), scores);
        count += c.applied ? 1 : 0;
      }
      return count;
    };
    assert.ok(applied((s) => s) < 10);
    assert.equal(applied((s) => s ** 3), 20);
  });

  it('rejects misaligned input', () => {
    assert.throws(() => fitProbabilityCalibrator(Float64Array.of(0.1), Uint8Array.of(0, 1)), RangeError);
  });
});

describe('stratifiedFolds', () => {
  it('gives every fold the same share of each class, within one row, and is reproducible', () => {
    const outcome = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(outcome, 10, 5);
    assert.deepEqual(stratifiedFolds(outcome, 10, 5), folds);
    for (const cls of [0, 1]) {
      const counts = new Array(10).fill(0);
      folds.forEach((f, i) => { if (outcome[i] === cls) counts[f]++; });
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `class ${cls}: ${counts}`);
    }
  });
});
