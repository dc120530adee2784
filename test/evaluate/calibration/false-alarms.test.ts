import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flights, seattleSeasons, zipcodes } from '../../../bench/false-alarms-data.js';
import { firstWindowDetection, stationaryAlarms, type AlarmCount } from '../../../bench/false-alarms-replay.js';
import { injectedShiftTrial, seasonTrial } from '../../../bench/false-alarms-trials.js';

// A smaller run of bench/false-alarms.ts (which prints the full figures): real data,
// 1,000-record references (the default of `serve`), the targets of issue 3, item 5.

const flightData = flights();
const zipData = zipcodes();

function total(counts: Array<AlarmCount | undefined>): AlarmCount {
  const featureWindows = counts.reduce((s, c) => s + c!.featureWindows, 0);
  const alarms = counts.reduce((s, c) => s + c!.alarms, 0);
  return { featureWindows, alarms, rate: alarms / featureWindows };
}

test('calibrated thresholds alarm on at most 1% of stationary feature-windows at 100, 1,000 and 10,000 records', () => {
  const options = {
    referenceSize: 1000,
    windowSizes: [100, 1000, 10_000],
    references: 3,
    windowsPerReference: 20,
    modes: ['calibrated', 'fixed'] as const,
    referenceSource: 'values' as const,
    seed: 1000,
  };
  const runs = [stationaryAlarms(flightData, options), stationaryAlarms(zipData, options)];
  let fixedAlarms = 0;
  for (const m of options.windowSizes) {
    const calibrated = total(runs.map((r) => r.rates[m].calibrated));
    const fixed = total(runs.map((r) => r.rates[m].fixed));
    assert.ok(calibrated.featureWindows >= 100, `${m}: enough windows`);
    assert.ok(calibrated.rate <= 0.01, `${m} records: ${calibrated.alarms} of ${calibrated.featureWindows} feature-windows alarmed`);
    fixedAlarms += fixed.alarms;
  }
  assert.ok(fixedAlarms > 20, `the fixed §5 thresholds, the baseline, alarm far more (${fixedAlarms})`);
});

test('a reference known only by its saved profile is calibrated as well', () => {
  const result = stationaryAlarms(flightData, {
    referenceSize: 1000,
    windowSizes: [1000],
    references: 2,
    windowsPerReference: 25,
    modes: ['calibrated'],
    referenceSource: 'profile',
    seed: 2000,
  });
  const count = result.rates[1000].calibrated!;
  assert.ok(count.rate <= 0.01, `${count.alarms} of ${count.featureWindows}`);
});

test('winter to summer in Seattle is caught in the first window of 1,000 records', () => {
  const { winter, summer } = seattleSeasons();
  const result = firstWindowDetection(3, (t) => seasonTrial(winter, summer, t), ['calibrated']);
  assert.equal(result.datasetDrift.calibrated, 1);
  for (const feature of ['temp_max', 'temp_min', 'precipitation', 'weather']) {
    assert.equal(result.detected[feature].calibrated, 1, feature);
  }
});

test('a 0.5σ mean shift in one feature is caught in the first window of 1,000 records', () => {
  for (const shifted of flightData.features.keys()) {
    const result = firstWindowDetection(3, (t) => injectedShiftTrial(flightData, shifted, t), ['calibrated']);
    assert.equal(result.detected[shifted].calibrated, 1, shifted);
  }
});
