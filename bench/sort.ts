/**
 * `node dist/bench/sort.js`: sortFloat64 (radix) against TypedArray#sort, the
 * baseline it replaced, on the same normal samples. Prints JSON, best of 5 runs.
 */
import { sortFloat64 } from '../src/stats/sort-float64.js';
import { normalSample } from '../test/helpers/seeded-random.js';

function best(run: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    run();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

// Warm up both paths so the JIT has compiled them before anything is timed.
for (let i = 0; i < 3; i++) {
  normalSample(200_000, i).sort();
  sortFloat64(normalSample(200_000, i));
}

const results = [10_000, 100_000, 1_000_000].map((n) => {
  const sample = normalSample(n, 7);
  const copies = () => sample.slice();
  let a = copies();
  const nativeMs = best(() => { a = copies(); a.sort(); });
  const radixMs = best(() => { a = copies(); sortFloat64(a); });
  const copyMs = best(() => { a = copies(); });
  return { n, nativeMs: nativeMs - copyMs, radixMs: radixMs - copyMs, ratio: (radixMs - copyMs) / (nativeMs - copyMs) };
});
process.stdout.write(JSON.stringify({ sort: results }, null, 2) + '\n');
