/**
 * The shift scenarios of bench/false-alarms.ts and its test: each trial gives the
 * reference rows and the first window's rows of every feature.
 */
import { seededUniform } from '../src/evaluate/calibration/seeded-random.js';
import { populationStd } from '../src/stats/population-std.js';
import { sortedFinite } from '../src/stats/sorted-finite.js';
import { type DataSet, type FeatureValues, pickRows } from './false-alarms-data.js';
import { shuffle } from './false-alarms-replay.js';

export interface Trial {
  readonly reference: ReadonlyMap<string, FeatureValues>;
  readonly window: ReadonlyMap<string, FeatureValues>;
}

/**
 * A real shift: the reference is every winter day; the window, `size` records drawn
 * with replacement from the summer days (the data set has 368 of them), seeded by the trial.
 */
export function seasonTrial(winter: DataSet, summer: DataSet, t: number, size = 1000): Trial {
  const random = seededUniform(7000 + t);
  const rows = Int32Array.from({ length: size }, () => Math.floor(random() * summer.rows));
  const window = new Map<string, FeatureValues>();
  for (const [name, column] of summer.features) window.set(name, pickRows(column, rows));
  return { reference: winter.features, window };
}

/**
 * An injected shift: from a shuffle of the data set, the reference is the first
 * `size` rows and the window the next `size`, with `shift` reference standard
 * deviations added to one numeric feature.
 */
export function injectedShiftTrial(data: DataSet, shifted: string, t: number, size = 1000, shift = 0.5): Trial {
  const order = shuffle(data.rows, 9000 + t);
  const reference = new Map<string, FeatureValues>();
  const window = new Map<string, FeatureValues>();
  for (const [name, column] of data.features) {
    const ref = pickRows(column, order.subarray(0, size));
    const win = pickRows(column, order.subarray(size, 2 * size));
    if (name === shifted) {
      if (!(ref instanceof Float64Array && win instanceof Float64Array)) throw new TypeError(`${name} is not numeric`);
      const amount = shift * populationStd(sortedFinite(ref));
      for (let i = 0; i < win.length; i++) win[i] += amount;
    }
    reference.set(name, ref);
    window.set(name, win);
  }
  return { reference, window };
}
