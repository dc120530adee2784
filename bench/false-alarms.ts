/**
 * `node dist/bench/false-alarms.js [--quick]`: how often the window verdicts of
 * `modelwatch serve` alarm on stationary data, and whether they catch real shifts in
 * the first window, with the calibrated thresholds (ThresholdCalibrator, the
 * default of `serve`) and, as the baseline in the same run, §5's fixed thresholds
 * (the default of `modelwatch report`) and the naive bootstrap calibration. Prints
 * one JSON document:
 *
 * - stationary: per data set, reference source (raw values, or a saved profile
 *   only) and window size (100, 1,000, 10,000 records), the share of feature-windows
 *   that alarm (and per feature, with raw values). References are 1,000 records (the default of `serve`): the first
 *   1,000 rows of a seeded shuffle of the data set, whose following rows make the
 *   windows, so every alarm is false. flights-200k (delay, distance, time) and
 *   zipcodes (latitude, longitude, state), from vega-datasets.
 * - calibrationMilliseconds: how long one calibration (one feature, method and
 *   window-size bucket) took.
 * - seattleSeasons: a real shift. Reference: Seattle's 361 winter days (all of
 *   them; the data set has no more); windows: 1,000 records drawn with replacement
 *   from its 368 summer days. Share of trials whose first window flags each feature.
 * - injectedShift: flights, reference 1,000 records, first window 1,000 records of
 *   the same population with 0.5 standard deviation (of the reference) added to one
 *   feature: how often that feature is flagged, and how often the others are.
 * - agreement: KS and wasserstein_normed read from window profiles against the exact
 *   values `modelwatch report` uses (see false-alarms-agreement.ts).
 * - costs: window profile ingest against a §5-edges profile, verdict time and
 *   window memory (see false-alarms-costs.ts).
 *
 * Targets (issue 3, item 5): at most 1% of stationary feature-windows alarm at every
 * window size; both shifts detected in the first window of 1,000 records.
 */
import { type DataSet, flights, seattleSeasons, zipcodes } from './false-alarms-data.js';
import { firstWindowDetection, stationaryAlarms, type ThresholdMode } from './false-alarms-replay.js';
import { injectedShiftTrial, seasonTrial } from './false-alarms-trials.js';
import { measureAgreement } from './false-alarms-agreement.js';
import { measureCosts } from './false-alarms-costs.js';

const quick = process.argv.includes('--quick');
const MODES: readonly ThresholdMode[] = ['calibrated', 'fixed', 'naive'];
const REFERENCE_SIZE = 1000;
const WINDOW_SIZES = [100, 1000, 10_000];
const REFERENCES = quick ? 4 : 20;
const WINDOWS_PER_REFERENCE = quick ? 25 : 100;
const TRIALS = quick ? 5 : 20;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function stationary(data: DataSet) {
  const times: number[] = [];
  const bySource: Record<string, unknown> = {};
  for (const referenceSource of ['values', 'profile'] as const) {
    const result = stationaryAlarms(data, {
      referenceSize: REFERENCE_SIZE,
      windowSizes: WINDOW_SIZES,
      references: REFERENCES,
      windowsPerReference: WINDOWS_PER_REFERENCE,
      modes: referenceSource === 'values' ? MODES : ['calibrated', 'fixed'],
      referenceSource,
      seed: 1000,
    });
    bySource[referenceSource] = result.rates;
    if (referenceSource === 'values') bySource.valuesByFeature = result.byFeature;
    times.push(...result.calibrationMilliseconds.map((c) => c.milliseconds));
  }
  return { rates: bySource, times };
}

function seattle() {
  const { winter, summer } = seattleSeasons();
  return firstWindowDetection(TRIALS, (t) => seasonTrial(winter, summer, t), MODES);
}

function injected(data: DataSet) {
  const out: Record<string, unknown> = {};
  for (const shifted of data.features.keys()) {
    const result = firstWindowDetection(TRIALS, (t) => injectedShiftTrial(data, shifted, t, REFERENCE_SIZE), MODES);
    const others = [...data.features.keys()].filter((name) => name !== shifted);
    const otherAlarms = Object.fromEntries(MODES.map((mode) => [
      mode,
      others.reduce((sum, name) => sum + result.detected[name][mode]!, 0) / others.length,
    ]));
    out[shifted] = { detected: result.detected[shifted], otherFeaturesAlarmed: otherAlarms, trials: result.trials };
  }
  return out;
}

function main(): void {
  const started = performance.now();
  const flightData = flights();
  const zipData = zipcodes();
  const flightRates = stationary(flightData);
  const zipRates = stationary(zipData);
  const times = [...flightRates.times, ...zipRates.times].sort((a, b) => a - b);
  const report = {
    config: {
      referenceSize: REFERENCE_SIZE,
      windowSizes: WINDOW_SIZES,
      referencesPerDataSet: REFERENCES,
      windowsPerReference: WINDOWS_PER_REFERENCE,
      shiftTrials: TRIALS,
      calibration: { quantile: 0.995, replicates: 1000 },
      node: process.version,
    },
    stationary: { [flightData.name]: flightRates.rates, [zipData.name]: zipRates.rates },
    calibrationMilliseconds: {
      calibrations: times.length,
      median: percentile(times, 0.5),
      p90: percentile(times, 0.9),
      max: times[times.length - 1],
    },
    seattleSeasons: seattle(),
    injectedShift: injected(flightData),
    agreement: measureAgreement(quick ? 5 : 20),
    costs: measureCosts(flightData),
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
