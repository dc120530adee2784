import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoryDraw } from '../../../src/evaluate/calibration/category-draw.js';
import { seededUniform } from '../../../src/evaluate/calibration/seeded-random.js';
import { smoothedDraw } from '../../../src/evaluate/calibration/smoothed-draw.js';

test('seeded uniforms are reproducible and in (0, 1)', () => {
  const a = seededUniform(9);
  const b = seededUniform(9);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x > 0 && x < 1);
    sum += x;
  }
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.005);
});

test('a smoothed draw is sorted, stays in the population range and keeps its ties', () => {
  const population = Float64Array.from({ length: 1000 }, (_, i) => (i < 300 ? 0 : i));
  const out = smoothedDraw(population, new Float64Array(20_000), seededUniform(3));
  let zeros = 0;
  for (let i = 0; i < out.length; i++) {
    if (i > 0) assert.ok(out[i] >= out[i - 1]);
    assert.ok(out[i] >= 0 && out[i] <= 999);
    if (out[i] === 0) zeros++;
  }
  // 299 of the 999 steps of the quantile function are flat at 0.
  assert.ok(Math.abs(zeros / out.length - 299 / 999) < 0.015, `share of zeros ${zeros / out.length}`);
  const distinct = new Set(out.filter((x) => x > 300)).size;
  assert.ok(distinct > 10_000, 'between distinct values the draw is continuous');
});

test('category draws follow their weights', () => {
  const weights = [5, 0, 1, 4];
  const counts = new CategoryDraw(weights).counts(100_000, seededUniform(5), new Float64Array(4));
  assert.equal(counts[1], 0);
  for (const i of [0, 2, 3]) assert.ok(Math.abs(counts[i] / 100_000 - weights[i] / 10) < 0.01, `category ${i}: ${counts[i]}`);
});
