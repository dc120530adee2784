import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumericProfile, NUMERIC_PROFILE_OVERHEAD_BYTES } from '../../src/profile/index.js';
import { normal, rng } from './generators.js';

const LIMIT = 32 * 1024;
const EDGES = Float64Array.from({ length: 10 }, (_, i) => i - 5);

test('10 million wide-range values: one numeric profile stays under 32 KB', () => {
  const u = rng(42);
  const chunk = new Float64Array(1 << 20);
  const p = new NumericProfile({ edges: EDGES });
  let missing = 0;
  for (let left = 10_000_000; left > 0; left -= chunk.length) {
    const m = Math.min(left, chunk.length);
    for (let i = 0; i < m; i++) {
      // Log-normal with σ = 5 (about 22 decades per sign), 60/40 signs, 1% zeros, 0.1% NaN.
      const r = u();
      if (r < 0.001) missing++;
      chunk[i] = r < 0.001 ? NaN : r < 0.011 ? 0 : (r < 0.4 ? -1 : 1) * Math.exp(5 * normal(u));
    }
    p.addAll(chunk.subarray(0, m));
  }
  assert.equal(p.count, 10_000_000);
  assert.equal(p.missing, missing);
  assert.ok(p.min < -1e9 && p.max > 1e9 && p.collapseBound > 0, 'the data should span more than the sketch holds');
  const typed = p.byteSize() - NUMERIC_PROFILE_OVERHEAD_BYTES;
  // Two full stores of 1024 Float64 buckets, 10 edges, 11 bin counts, a 512-cell Uint16 bin table.
  assert.equal(typed, 2 * 1024 * 8 + 10 * 8 + 11 * 8 + 512 * 2);
  assert.ok(p.byteSize() < LIMIT, `${p.byteSize()} bytes`);
});

/** Profiles whose stores are both full: ±10^u for u across 24 decades. */
function saturatedProfiles(count: number): NumericProfile[] {
  const sweep = new Float64Array(6000);
  for (let i = 0; i < sweep.length; i++) {
    const u = (i * 0.6180339887) % 1;
    sweep[i] = (i % 3 === 0 ? -1 : 1) * 10 ** (-12 + 24 * u);
  }
  const out: NumericProfile[] = [];
  for (let i = 0; i < count; i++) {
    const p = new NumericProfile({ edges: EDGES });
    p.addAll(sweep);
    out.push(p);
  }
  return out;
}

async function collectGarbage(gc: () => void): Promise<void> {
  // Array buffers are swept concurrently: give the sweeper a few turns.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

test('byteSize is an upper bound of the heap measurement with 1000 profiles alive', async (t) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    t.skip('global.gc is not available: run node with --expose-gc for the heap cross-check');
    return;
  }
  const count = 1000;
  saturatedProfiles(50); // compile the code paths first, so their code is not counted
  await collectGarbage(gc);
  const before = process.memoryUsage();
  const profiles = saturatedProfiles(count);
  await collectGarbage(gc);
  const after = process.memoryUsage();
  const buffers = (after.arrayBuffers - before.arrayBuffers) / count;
  const heap = (after.heapUsed - before.heapUsed) / count;
  t.diagnostic(
    `per profile: ${buffers} bytes of array buffers, ${heap.toFixed(0)} bytes of heap; byteSize ${profiles[0].byteSize()}`,
  );
  const typed = profiles[0].byteSize() - NUMERIC_PROFILE_OVERHEAD_BYTES;
  assert.ok(Math.abs(buffers - typed) <= 0.01 * typed, `array buffers ${buffers} vs typed arrays ${typed}`);
  assert.ok(heap <= NUMERIC_PROFILE_OVERHEAD_BYTES, `heap per profile ${heap}`);
  assert.ok(buffers + heap <= profiles[0].byteSize() && profiles[0].byteSize() < LIMIT);
});
