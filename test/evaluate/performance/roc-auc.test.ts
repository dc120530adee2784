import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mannWhitneyAuc } from '../../../src/evaluate/performance/mann-whitney-auc.js';
import { rocAucBinary } from '../../../src/evaluate/performance/roc-auc-binary.js';
import { rocAucOneVsRest } from '../../../src/evaluate/performance/roc-auc-one-vs-rest.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/**
 * Independent reference: the trapezoid area under the ROC curve built threshold by
 * threshold from the scores sorted descending, as sklearn's roc_curve + auc do.
 */
function trapezoidAuc(isPositive: Uint8Array, score: Float64Array): number {
  const order = Array.from(score.keys()).sort((a, b) => score[b] - score[a]);
  let nPos = 0;
  for (const p of isPositive) nPos += p;
  const nNeg = isPositive.length - nPos;
  let tp = 0;
  let fp = 0;
  let area = 0;
  let prevTpr = 0;
  let prevFpr = 0;
  for (let k = 0; k < order.length; k++) {
    if (isPositive[order[k]]) tp++;
    else fp++;
    if (k + 1 < order.length && score[order[k + 1]] === score[order[k]]) continue;
    const tpr = tp / nPos;
    const fpr = fp / nNeg;
    area += ((fpr - prevFpr) * (tpr + prevTpr)) / 2;
    prevTpr = tpr;
    prevFpr = fpr;
  }
  return area;
}

function randomTask(n: number, seed: number, decimals: number): { isPositive: Uint8Array; score: Float64Array } {
  const random = seededRandom(seed);
  const isPositive = new Uint8Array(n);
  const score = new Float64Array(n);
  const scale = 10 ** decimals;
  for (let i = 0; i < n; i++) {
    isPositive[i] = random() < 0.3 ? 1 : 0;
    score[i] = Math.round((random() + 0.3 * isPositive[i]) * scale) / scale;
  }
  return { isPositive, score };
}

describe('rocAucBinary', () => {
  it("matches sklearn's documented example", () => {
    assert.equal(rocAucBinary(Uint8Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.4, 0.35, 0.8)), 0.75);
  });

  it('counts a tie as one half', () => {
    assert.equal(mannWhitneyAuc(Float64Array.of(0.5, 0.9), Float64Array.of(0.1, 0.5)), 0.875);
    assert.equal(rocAucBinary(Uint8Array.of(1, 0, 1, 0), Float64Array.of(3, 3, 3, 3)), 0.5);
    assert.equal(rocAucBinary(Uint8Array.of(1, 0), Float64Array.of(-0, 0)), 0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    const isPositive = Uint8Array.of(0, 0, 1, 1, 1);
    assert.equal(rocAucBinary(isPositive, Float64Array.of(1, 2, 3, 4, 5)), 1);
    assert.equal(rocAucBinary(isPositive, Float64Array.of(5, 4, 3, 2, 1)), 0);
  });

  it('is NaN when undefined: one class, no rows, or a NaN score', () => {
    assert.ok(Number.isNaN(rocAucBinary(Uint8Array.of(1, 1), Float64Array.of(0.2, 0.4))));
    assert.ok(Number.isNaN(rocAucBinary(Uint8Array.of(0), Float64Array.of(0.2))));
    assert.ok(Number.isNaN(rocAucBinary(new Uint8Array(0), new Float64Array(0))));
    assert.ok(Number.isNaN(rocAucBinary(Uint8Array.of(0, 1), Float64Array.of(NaN, 0.5))));
  });

  it('throws RangeError on misaligned inputs', () => {
    assert.throws(() => rocAucBinary(Uint8Array.of(0, 1), Float64Array.of(0.5)), RangeError);
  });

  it('agrees with the trapezoid over the ROC curve, heavy ties and none', () => {
    for (const [n, decimals, seed] of [[50, 1, 1], [20_000, 2, 2], [20_000, 12, 3], [200_000, 3, 4]]) {
      const { isPositive, score } = randomTask(n, seed, decimals);
      const got = rocAucBinary(isPositive, score);
      const want = trapezoidAuc(isPositive, score);
      assert.ok(Math.abs(got - want) < 1e-12, `n=${n}, ${decimals} decimals: ${got} vs ${want}`);
    }
  });
});

describe('rocAucOneVsRest', () => {
  it('is 1 when each class ranks its own rows first', () => {
    const columns = [Float64Array.of(0.8, 0.1, 0.1), Float64Array.of(0.1, 0.8, 0.1), Float64Array.of(0.1, 0.1, 0.8)];
    assert.equal(rocAucOneVsRest(Int32Array.of(0, 1, 2), columns), 1);
  });

  it('is the mean of the per-class binary AUCs', () => {
    const random = seededRandom(9);
    const n = 5000;
    const k = 4;
    const targetClass = Int32Array.from({ length: n }, () => Math.floor(random() * k));
    const columns = Array.from({ length: k }, (_, c) =>
      Float64Array.from(targetClass, (t) => Math.round((random() + (t === c ? 0.4 : 0)) * 20) / 20),
    );
    let sum = 0;
    for (let c = 0; c < k; c++) sum += rocAucBinary(Uint8Array.from(targetClass, (t) => (t === c ? 1 : 0)), columns[c]);
    assert.ok(Math.abs(rocAucOneVsRest(targetClass, columns) - sum / k) < 1e-15);
  });

  it('is NaN when a class never occurs in the target, or a row has no class column', () => {
    const columns = [Float64Array.of(0.6, 0.7), Float64Array.of(0.4, 0.3), Float64Array.of(0, 0)];
    assert.ok(Number.isNaN(rocAucOneVsRest(Int32Array.of(0, 1), columns)));
    assert.ok(Number.isNaN(rocAucOneVsRest(Int32Array.of(0, -1), columns.slice(0, 2))));
    assert.ok(Number.isNaN(rocAucOneVsRest(new Int32Array(0), [])));
  });

  it('throws RangeError when a column is misaligned', () => {
    assert.throws(() => rocAucOneVsRest(Int32Array.of(0, 1), [Float64Array.of(1), Float64Array.of(0, 1)]), RangeError);
  });
});
