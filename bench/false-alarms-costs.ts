/**
 * The costs part of bench/false-alarms.ts, on flights-200k's numeric features with a
 * 1,000-record reference:
 * - ingest: values per second into a window profile (reference percentiles as extra
 *   bin edges, a sketch fitted to the reference) against, as the baseline in the same
 *   run, a profile with only the §5 edges and the default sketch;
 * - verdict: milliseconds of one windowDrift (calibrated threshold already cached)
 *   at 100, 1,000 and 10,000 records;
 * - bytes: the window profile's byteSize() after 10,000 records.
 */
import { NumericProfile } from '../src/profile/numeric-profile.js';
import { ThresholdCalibrator } from '../src/evaluate/calibration/threshold-calibrator.js';
import { numericalReference } from '../src/evaluate/window/numerical-reference.js';
import { windowDrift } from '../src/evaluate/window/window-drift.js';
import { createWindowProfile } from '../src/evaluate/window/window-profile.js';
import type { DataSet } from './false-alarms-data.js';
import { shuffle } from './false-alarms-replay.js';

function best(repeats: number, run: () => void): number {
  let ms = Infinity;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    ms = Math.min(ms, performance.now() - start);
  }
  return ms;
}

export function measureCosts(data: DataSet) {
  const out: Record<string, unknown> = {};
  const order = shuffle(data.rows, 31);
  for (const [name, column] of data.features) {
    if (!(column instanceof Float64Array)) continue;
    const values = Float64Array.from(order, (i) => column[i]);
    const reference = numericalReference(values.subarray(0, 1000));
    if (reference.kind !== 'numerical') continue;
    const stream = values.subarray(1000);
    const windowMs = best(3, () => (createWindowProfile(reference) as NumericProfile).addAll(stream));
    const baselineMs = best(3, () => new NumericProfile({ edges: reference.edges }).addAll(stream));
    const calibrator = new ThresholdCalibrator(reference);
    const verdict: Record<number, number> = {};
    let bytes = 0;
    for (const m of [100, 1000, 10_000]) {
      const window = createWindowProfile(reference) as NumericProfile;
      window.addAll(stream.subarray(0, m));
      windowDrift(reference, window, { thresholds: calibrator });
      verdict[m] = best(5, () => windowDrift(reference, window, { thresholds: calibrator }));
      bytes = window.byteSize();
    }
    out[name] = {
      windowEdges: reference.windowEdges.length,
      relativeAccuracy: reference.sketch.relativeAccuracy,
      ingestValuesPerSecond: stream.length / (windowMs / 1000),
      baselineValuesPerSecond: stream.length / (baselineMs / 1000),
      verdictMilliseconds: verdict,
      windowBytesAt10000: bytes,
    };
  }
  return out;
}
