import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortFloat64 } from '../../src/stats/sort-float64.js';
import { sortedFinite } from '../../src/stats/sorted-finite.js';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Values that exercise every part of the key: signs, zeros of both signs, subnormals, extremes, ties. */
function awkwardSample(n: number, seed: number): Float64Array {
  const random = lcg(seed);
  const specials = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
  return Float64Array.from({ length: n }, (_, i) => {
    const r = random();
    if (i % 17 === 0) return specials[Math.floor(r * specials.length)];
    if (i % 5 === 0) return Math.round(r * 10) - 5;
    return (r - 0.5) * 10 ** Math.floor(random() * 40 - 20);
  });
}

test('sorts exactly as TypedArray#sort does, -0 before +0, above and below the radix threshold', () => {
  for (const n of [0, 1, 2, 100, 4095, 4096, 5000, 100_000]) {
    for (const seed of [1, 2]) {
      const values = awkwardSample(n, seed);
      const expected = values.slice().sort();
      const actual = sortFloat64(values);
      assert.equal(actual, values, 'sorts in place');
      for (let i = 0; i < n; i++) {
        assert.ok(Object.is(actual[i], expected[i]), `n=${n} seed=${seed} index ${i}: ${actual[i]} vs ${expected[i]}`);
      }
    }
  }
});

test('sorts a subarray view without touching the rest of its buffer', () => {
  const buffer = awkwardSample(10_000, 3);
  const before = buffer.slice();
  const view = buffer.subarray(1000, 9000);
  const expected = view.slice().sort();
  sortFloat64(view);
  assert.deepEqual(Array.from(view), Array.from(expected));
  assert.deepEqual(Array.from(buffer.subarray(0, 1000)), Array.from(before.subarray(0, 1000)));
  assert.deepEqual(Array.from(buffer.subarray(9000)), Array.from(before.subarray(9000)));
});

test('sortedFinite drops NaN and ±Infinity and sorts the rest', () => {
  assert.deepEqual(Array.from(sortedFinite([3, NaN, 1, Infinity, -Infinity, 2])), [1, 2, 3]);
  assert.deepEqual(Array.from(sortedFinite([])), []);
  const many = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? NaN : (i * 7919) % 10_007));
  assert.deepEqual(Array.from(sortedFinite(many)), many.filter(Number.isFinite).sort((a, b) => a - b));
});
