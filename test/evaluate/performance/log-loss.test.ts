import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logLossBinary } from '../../../src/evaluate/performance/log-loss-binary.js';
import { logLossMulticlass } from '../../../src/evaluate/performance/log-loss-multiclass.js';
import { assertCloseTo } from '../../helpers/close-to.js';

describe('logLossBinary', () => {
  it('is ln 2 for coin-flip scores', () => {
    assertCloseTo(logLossBinary(Uint8Array.of(1, 0), Float64Array.of(0.5, 0.5)), Math.LN2, 1e-15, 'loss');
  });

  it('clips a score of exactly 0 or 1 to 2^-52 from the edge', () => {
    // A confident miss costs -ln(2^-52) = 52 ln 2; a confident hit -ln(1 - 2^-52) ≈ 2^-52.
    assertCloseTo(logLossBinary(Uint8Array.of(1), Float64Array.of(0)), 52 * Math.LN2, 1e-14, 'miss on 0');
    assertCloseTo(logLossBinary(Uint8Array.of(0), Float64Array.of(1)), 52 * Math.LN2, 1e-14, 'miss on 1');
    const hit = logLossBinary(Uint8Array.of(1, 0), Float64Array.of(1, 0));
    assert.ok(hit > 0 && hit < 3e-16, `hit ${hit}`);
  });

  it('is NaN on empty input or a NaN score, and checks lengths', () => {
    assert.ok(Number.isNaN(logLossBinary(new Uint8Array(0), new Float64Array(0))));
    assert.ok(Number.isNaN(logLossBinary(Uint8Array.of(1, 0), Float64Array.of(0.3, NaN))));
    assert.throws(() => logLossBinary(Uint8Array.of(1), new Float64Array(0)), RangeError);
  });
});

describe('logLossMulticlass', () => {
  it('renormalises rows that do not sum to 1', () => {
    const loss = logLossMulticlass(Int32Array.of(0, 1), [Float64Array.of(0.5, 0.25), Float64Array.of(0.5, 0.25)]);
    assertCloseTo(loss, Math.LN2, 1e-15, 'loss');
  });

  it('treats a row of zeros as uniform after clipping', () => {
    const zeros = () => Float64Array.of(0);
    assertCloseTo(logLossMulticlass(Int32Array.of(2), [zeros(), zeros(), zeros()]), Math.log(3), 1e-15, 'loss');
  });

  it('is NaN for a row whose class has no column, one column, or no rows', () => {
    assert.ok(Number.isNaN(logLossMulticlass(Int32Array.of(0, -1), [Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)])));
    assert.ok(Number.isNaN(logLossMulticlass(Int32Array.of(0), [Float64Array.of(1)])));
    assert.ok(Number.isNaN(logLossMulticlass(new Int32Array(0), [new Float64Array(0), new Float64Array(0)])));
  });

  it('throws RangeError when a column is misaligned', () => {
    assert.throws(() => logLossMulticlass(Int32Array.of(0, 1), [Float64Array.of(1), Float64Array.of(0, 1)]), RangeError);
  });
});
