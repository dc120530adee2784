import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedCalibrationError } from '../../../src/evaluate/estimated/expected-calibration-error.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

describe('expectedCalibrationError (NannyML equal-count bins)', () => {
  it('weights each bin by its rows: the worked example', () => {
    // Bins of 2 after sorting: {0.1, 0.2} with outcomes {0, 1}, {0.8, 0.9} with {1, 1}.
    close(expectedCalibrationError([0.9, 0.1, 0.8, 0.2], [1, 0, 1, 1], 2), 0.5 * 0.35 + 0.5 * 0.15);
  });

  it('is 0 when each bin\'s mean probability equals its share of positives', () => {
    close(expectedCalibrationError([0.5, 0.5, 0.5, 0.5, 1, 1], [0, 1, 1, 0, 1, 1], 3), 0);
  });

  it('lets the last bin take the remainder, so 25 rows and 10 bins make 12 bins of width 2', () => {
    // Rows 0–19: p 0, outcome 0; rows 20, 21: p 1, outcome 0; rows 22–24: p 0, outcome 1.
    // Sorted (stable) by p, the outcomes read twenty 0s, 1, 1, 1, 0, 0 and p twenty-three 0s, 1, 1.
    // 12 bins of 2, the last of 3: positions 20–21 (p 0, outcomes 1, 1) add 2/25 · 1;
    // positions 22–24 (mean p 2/3, mean outcome 1/3) add 3/25 · 1/3. Total 3/25.
    // Ten bins with the remainder in the last ([18, 25): mean p 2/7, outcome 3/7) would give 1/25.
    const probability = Array.from({ length: 25 }, (_, i) => (i === 20 || i === 21 ? 1 : 0));
    const outcome = Array.from({ length: 25 }, (_, i) => (i >= 22 ? 1 : 0));
    close(expectedCalibrationError(probability, outcome, 10), 3 / 25);
  });

  it('uses floor(n / 2) bins when n ≤ 2B, and is NaN below 4 rows', () => {
    // n = 6, B = 10 → 3 bins of 2.
    close(expectedCalibrationError([0, 0, 0.5, 0.5, 1, 1], [0, 0, 0, 0, 1, 1], 10), (2 / 6) * 0.5);
    assert.ok(Number.isNaN(expectedCalibrationError([0.1, 0.2, 0.3], [0, 1, 1])));
    assert.throws(() => expectedCalibrationError([0.1], [0, 1]), RangeError);
  });
});
