import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedRocAuc } from '../../../src/evaluate/estimated/expected-roc-auc.js';
import { rocAucBinary } from '../../../src/evaluate/performance/roc-auc-binary.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const close = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) < 1e-12, `${what} ${a} != ${b}`);

describe('expectedRocAuc', () => {
  it('equals the observed ROC AUC when each probability is the row\'s true class, ties included', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(random() * 60);
      const score = Float64Array.from({ length: n }, () => Math.round(random() * 10) / 10); // many ties
      const label = Uint8Array.from(score, (s) => (random() < s ? 1 : 0));
      if (label.every((l) => l === label[0])) continue;
      close(expectedRocAuc(score, Float64Array.from(label)), rocAucBinary(label, score), `trial ${trial}`);
    }
  });

  it('counts expected pairs: a hand-checked case', () => {
    // Ranked high to low: p 0.9, 0.5, 0.1. Expected positives 1.5, negatives 1.5.
    // Pairs (positive above negative), weight p_i (1 − p_j): 0.9·0.5 + 0.9·0.9 + 0.5·0.9 = 1.71,
    // and each row's own tie term p(1 − p)/2: (0.09 + 0.25 + 0.09)/2 = 0.215. AUC = 1.925 / 2.25.
    close(expectedRocAuc(Float64Array.of(0.3, 0.8, 0.6), Float64Array.of(0.1, 0.9, 0.5)), 1.925 / 2.25);
  });

  it('gives the same value ranked by the raw score or by a non-decreasing calibration of it', () => {
    const raw = Float64Array.of(0.05, 0.2, 0.3, 0.45, 0.5, 0.7, 0.9, 0.95);
    const calibrated = Float64Array.of(0, 0.25, 0.25, 0.25, 0.6, 0.6, 0.6, 1); // flattened runs, as isotonic makes
    close(expectedRocAuc(raw, calibrated), expectedRocAuc(calibrated, calibrated));
  });

  it('is NaN without rows or when every probability is 0 or every one is 1', () => {
    assert.ok(Number.isNaN(expectedRocAuc(new Float64Array(0), new Float64Array(0))));
    assert.ok(Number.isNaN(expectedRocAuc(Float64Array.of(0.1, 0.9), Float64Array.of(1, 1))));
    assert.ok(Number.isNaN(expectedRocAuc(Float64Array.of(0.1, 0.9), Float64Array.of(0, 0))));
    assert.throws(() => expectedRocAuc(Float64Array.of(0.1), Float64Array.of(0.1, 0.2)), RangeError);
  });
});
