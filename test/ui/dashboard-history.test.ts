import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import { DashboardHistory } from '../../src/ui/dashboard-history.js';

/* The dashboard's memory stays inside its bounds: windows per version, feature-windows over all, alerts. */

const config = parseConfig('', { name: 'empty.yaml', baseDir: '/' });

function history(windows: number, maxCells: number, alerts = 200): DashboardHistory {
  return new DashboardHistory({ windows, maxCells, alerts, quality: config.data_quality, performance: config.performance, now: () => 0 });
}

/** A judged window of `features` features of model m version v, the first `drifted` of them drifted. */
function signals(model: string, start: number, features: number, drifted = 0): WindowSignals {
  return {
    model, version: 'v', windowStartUnixMs: start, windowEndUnixMs: start + 1, records: 100, evaluated: true,
    features: Array.from({ length: features }, (_, i) => ({
      name: `f${i}`, method: 'psi', statistic: i < drifted ? 0.5 : 0.01, pValue: null, threshold: 0.1, thresholdSource: 'default',
      drifted: i < drifted, stats: { psi: 0, kl: 0, js_distance: 0, hellinger: 0, tvd: 0 },
      quality: { missingRatio: 0, typeMismatchRatio: 0, outOfRangeRatio: 0, newCategoryRatio: null },
    })),
    driftShare: drifted / features, datasetDrifted: drifted / features >= 0.5,
  };
}

test('a version keeps its last `windows` windows, oldest first', () => {
  const kept = history(3, 1_000_000);
  for (let w = 0; w < 10; w++) kept.publish(signals('m', w, 4));
  assert.deepEqual(kept.versionOf({ model: 'm', version: 'v' })!.rows.map((r) => r.startUnixMs), [7, 8, 9]);
  assert.equal(kept.cells, 12);
});

test('past max_cells the oldest windows of all versions go first', () => {
  const kept = history(100, 50);
  for (let w = 0; w < 20; w++) {
    kept.publish(signals('a', w, 5));
    kept.publish(signals('b', w, 5));
  }
  assert.ok(kept.cells <= 50, `${kept.cells} cells`);
  assert.equal(kept.cells, 50);
  const a = kept.versionOf({ model: 'a', version: 'v' })!.rows.map((r) => r.startUnixMs);
  const b = kept.versionOf({ model: 'b', version: 'v' })!.rows.map((r) => r.startUnixMs);
  assert.deepEqual(a, [15, 16, 17, 18, 19]);
  assert.deepEqual(b, [15, 16, 17, 18, 19]);
});

test('rows share their feature names, so a long history does not repeat them', () => {
  const kept = history(60, 1_000_000);
  for (let w = 0; w < 60; w++) kept.publish(signals('m', w, 200, w % 3));
  const rows = kept.versionOf({ model: 'm', version: 'v' })!.rows;
  assert.ok(rows.every((r) => r.features === rows[0].features));
});

test('alerts: the last `alerts` are kept, newest first; forgetting a version drops its windows and alerts', () => {
  const kept = history(10, 1_000_000, 5);
  for (let w = 0; w < 4; w++) kept.publish(signals('m', w, 3, 2));
  kept.publish(signals('other', 0, 3, 1));
  const recent = kept.recentAlerts();
  assert.equal(recent.length, 5);
  assert.equal(recent[0].alert.model, 'other');
  assert.deepEqual(kept.recentAlerts({ model: 'm', version: 'v' }).map((r) => r.alert.windowStartUnixMs), [3, 3, 2, 2]);
  kept.forget({ model: 'm', version: 'v' });
  assert.equal(kept.versionOf({ model: 'm', version: 'v' }), undefined);
  assert.deepEqual(kept.recentAlerts().map((r) => r.alert.model), ['other']);
  assert.equal(kept.cells, 3);
});
