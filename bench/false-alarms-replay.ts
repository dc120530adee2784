/**
 * Replays real data through the window verdicts of src/evaluate/window, for
 * bench/false-alarms.ts and test/evaluate/calibration/false-alarms.test.ts: the
 * share of stationary feature-windows that alarm, and whether real shifts are caught
 * in the first window, under three kinds of threshold:
 * - 'calibrated': ThresholdCalibrator's default, what `modelwatch serve` uses;
 * - 'fixed': §5's fixed thresholds, what `modelwatch report` uses (the baseline);
 * - 'naive': calibrated like 'calibrated' but comparing the reference itself with
 *   windows resampled from it, the biased bootstrap the calibrator avoids.
 */
import { CategoricalProfile } from '../src/profile/categorical-profile.js';
import { NumericProfile } from '../src/profile/numeric-profile.js';
import { quantileEdges } from '../src/stats/quantile-edges.js';
import { sortedFinite } from '../src/stats/sorted-finite.js';
import { type CalibrationOptions, ThresholdCalibrator } from '../src/evaluate/calibration/threshold-calibrator.js';
import { seededUniform } from '../src/evaluate/calibration/seeded-random.js';
import type { FeatureReference } from '../src/evaluate/window/feature-reference.js';
import { featureReference } from '../src/evaluate/window/feature-reference-of-values.js';
import { referenceFromProfile } from '../src/evaluate/window/reference-from-profile.js';
import { windowDrift, type WindowDrift } from '../src/evaluate/window/window-drift.js';
import { createWindowProfile, type WindowProfile } from '../src/evaluate/window/window-profile.js';
import { type DataSet, type FeatureValues, pickRows } from './false-alarms-data.js';

export type ThresholdMode = 'calibrated' | 'fixed' | 'naive';

/** Where the reference comes from: its raw values, or a saved profile of them (no raw values). */
export type ReferenceSource = 'values' | 'profile';

export interface AlarmCount {
  featureWindows: number;
  alarms: number;
  /** alarms / featureWindows */
  rate: number;
}

/** One feature's reference and one calibrator per threshold mode. */
export class FeatureJudge {
  readonly reference: FeatureReference;
  private readonly calibrators = new Map<ThresholdMode, ThresholdCalibrator>();

  constructor(values: FeatureValues, source: ReferenceSource, modes: readonly ThresholdMode[], calibration: CalibrationOptions = {}) {
    this.reference = source === 'values' ? featureReference(values) : referenceFromProfile(savedProfile(values));
    for (const mode of modes) {
      if (mode === 'fixed') continue;
      this.calibrators.set(mode, new ThresholdCalibrator(this.reference, { ...calibration, resampleReference: mode === 'calibrated' }));
    }
  }

  /** The window profile of these values, as the processor would fill it record by record. */
  profile(values: FeatureValues): WindowProfile {
    const profile = createWindowProfile(this.reference);
    if (profile instanceof NumericProfile && values instanceof Float64Array) profile.addAll(values);
    else for (let i = 0; i < values.length; i++) profile.add(values[i]);
    return profile;
  }

  verdict(window: WindowProfile, mode: ThresholdMode): WindowDrift {
    return windowDrift(this.reference, window, { thresholds: this.calibrators.get(mode) });
  }

  /** Milliseconds of every calibration made so far, with its window size. */
  calibrationTimes(): Array<{ method: string; windowSize: number; milliseconds: number }> {
    return [...this.calibrators.values()].flatMap((c) =>
      c.calibrations().map(({ method, windowSize, milliseconds }) => ({ method, windowSize, milliseconds })));
  }
}

/** What `modelwatch profile` would save for these values: a profile with the §5 edges, as JSON. */
function savedProfile(values: FeatureValues) {
  if (values instanceof Float64Array) {
    const profile = new NumericProfile({ edges: quantileEdges(sortedFinite(values)) });
    profile.addAll(values);
    return profile.serialize();
  }
  const profile = new CategoricalProfile({ maxCategories: 1000 });
  for (const v of values) profile.add(v);
  return profile.serialize();
}

/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function shuffle(n: number, seed: number): Int32Array {
  const random = seededUniform(seed);
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface StationaryOptions {
  readonly referenceSize: number;
  readonly windowSizes: readonly number[];
  /** Independent references (shuffles of the data set). */
  readonly references: number;
  /** Most windows judged per reference and window size. */
  readonly windowsPerReference: number;
  readonly modes: readonly ThresholdMode[];
  readonly referenceSource: ReferenceSource;
  readonly seed: number;
  readonly calibration?: CalibrationOptions;
}

export interface StationaryResult {
  /** Per window size, per mode: alarms among stationary feature-windows. */
  readonly rates: Record<number, Partial<Record<ThresholdMode, AlarmCount>>>;
  /** The same, per feature. */
  readonly byFeature: Record<string, Record<number, Partial<Record<ThresholdMode, AlarmCount>>>>;
  readonly calibrationMilliseconds: Array<{ method: string; windowSize: number; milliseconds: number }>;
}

/**
 * Stationary data: each reference is the first `referenceSize` rows of a shuffle of
 * the data set, and its windows the following rows in chunks of the window size:
 * independent samples of the same population, so every alarm is a false one.
 */
export function stationaryAlarms(data: DataSet, options: StationaryOptions): StationaryResult {
  const table = (): StationaryResult['rates'] => Object.fromEntries(options.windowSizes.map((m) => [
    m,
    Object.fromEntries(options.modes.map((mode) => [mode, { featureWindows: 0, alarms: 0, rate: NaN }])),
  ]));
  const rates = table();
  const byFeature: StationaryResult['byFeature'] = Object.fromEntries([...data.features.keys()].map((name) => [name, table()]));
  const times: StationaryResult['calibrationMilliseconds'] = [];
  for (let r = 0; r < options.references; r++) {
    const order = shuffle(data.rows, options.seed + r);
    const referenceRows = order.subarray(0, options.referenceSize);
    for (const [name, column] of data.features) {
      const judge = new FeatureJudge(pickRows(column, referenceRows), options.referenceSource, options.modes, {
        ...options.calibration,
        seed: options.seed + r,
      });
      for (const m of options.windowSizes) {
        const windows = Math.min(options.windowsPerReference, Math.floor((data.rows - options.referenceSize) / m));
        for (let w = 0; w < windows; w++) {
          const start = options.referenceSize + w * m;
          const profile = judge.profile(pickRows(column, order.subarray(start, start + m)));
          for (const mode of options.modes) {
            const drifted = judge.verdict(profile, mode).drifted;
            for (const count of [rates[m][mode]!, byFeature[name][m][mode]!]) {
              count.featureWindows++;
              if (drifted) count.alarms++;
            }
          }
        }
      }
      times.push(...judge.calibrationTimes());
    }
  }
  for (const t of [rates, ...Object.values(byFeature)]) {
    for (const byMode of Object.values(t)) {
      for (const count of Object.values(byMode)) count!.rate = count!.alarms / count!.featureWindows;
    }
  }
  return { rates, byFeature, calibrationMilliseconds: times };
}

export interface DetectionResult {
  /** Trials (independent first windows). */
  readonly trials: number;
  /** Per feature, per mode: the share of trials whose first window flagged the feature. */
  readonly detected: Record<string, Partial<Record<ThresholdMode, number>>>;
  /** Per mode: the share of trials whose first window had dataset drift (at least half the features drifted). */
  readonly datasetDrift: Partial<Record<ThresholdMode, number>>;
}

/**
 * Judges `trials` first windows against one reference per trial; `trial(t)` gives
 * the reference rows and the window rows of each feature.
 */
export function firstWindowDetection(
  trials: number,
  trial: (t: number) => { reference: ReadonlyMap<string, FeatureValues>; window: ReadonlyMap<string, FeatureValues> },
  modes: readonly ThresholdMode[],
  calibration: CalibrationOptions = {},
): DetectionResult {
  const detected: DetectionResult['detected'] = {};
  const datasetDrift: DetectionResult['datasetDrift'] = Object.fromEntries(modes.map((mode) => [mode, 0]));
  for (let t = 0; t < trials; t++) {
    const { reference, window } = trial(t);
    const drifted = new Map<ThresholdMode, number>(modes.map((mode) => [mode, 0]));
    for (const [name, values] of reference) {
      const judge = new FeatureJudge(values, 'values', modes, { ...calibration, seed: t + 1 });
      const profile = judge.profile(window.get(name)!);
      detected[name] ??= Object.fromEntries(modes.map((mode) => [mode, 0]));
      for (const mode of modes) {
        if (judge.verdict(profile, mode).drifted) {
          detected[name][mode]! += 1;
          drifted.set(mode, drifted.get(mode)! + 1);
        }
      }
    }
    for (const mode of modes) if (drifted.get(mode)! >= 0.5 * reference.size) datasetDrift[mode]! += 1;
  }
  // Counts so far; shares from here.
  for (const byMode of [datasetDrift, ...Object.values(detected)]) {
    for (const mode of modes) byMode[mode]! /= trials;
  }
  return { trials, detected, datasetDrift };
}
