import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performanceAlerts, RaisedAlerts } from '../../src/export/performance-alerts.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';

const THRESHOLDS = { accuracy_drop: 0.05, error_rise: 0.1 };

function signals(metrics: PerformanceSignals['metrics'], baseline?: PerformanceSignals['metrics']): PerformanceSignals {
  return {
    model: 'churn', version: '3', source: 'observed', windowStartUnixMs: Date.UTC(2026, 0, 1), windowEndUnixMs: Date.UTC(2026, 0, 1, 0, 5),
    metrics, ...(baseline === undefined ? {} : { baseline }), labelled: 200, coverage: 0.4,
  };
}

test('an accuracy-like metric alerts past a drop of 0.05 below the reference; an error metric past a 10% rise', () => {
  const alerts = performanceAlerts(signals(
    { accuracy: 0.849, f1: 0.86, log_loss: 0.56, mae: 1.1 },
    { accuracy: 0.9, f1: 0.9, log_loss: 0.5, mae: 1 },
  ), THRESHOLDS);
  assert.deepEqual(alerts.map((a) => [a.metric, a.value, Number(a.threshold.toFixed(6))]), [
    ['ml.performance.accuracy', 0.849, 0.85],
    ['ml.performance.log_loss', 0.56, 0.55],
  ]);
  const [accuracy] = alerts;
  assert.equal(accuracy.kind, 'performance');
  assert.equal(accuracy.feature, 'ml.prediction');
  assert.equal(accuracy.body, 'The observed accuracy of model "churn" version "3" fell to 0.849, below the reference\'s 0.9 less 0.05 '
    + 'in the window 2026-01-01T00:00:00.000Z to 2026-01-01T00:05:00.000Z (200 labelled predictions).');
});

test('no baseline, no alert; a metric the baseline lacks is skipped', () => {
  assert.deepEqual(performanceAlerts(signals({ accuracy: 0.1 }), THRESHOLDS), []);
  assert.deepEqual(performanceAlerts(signals({ accuracy: 0.1 }, { f1: 0.9 }), THRESHOLDS), []);
});

test('the same window and metric alerts once, however often its figures change', () => {
  const raised = new RaisedAlerts(2);
  const [alert] = performanceAlerts(signals({ accuracy: 0.5 }, { accuracy: 0.9 }), THRESHOLDS);
  assert.equal(raised.first(alert, 'observed'), true);
  assert.equal(raised.first({ ...alert, value: 0.4 }, 'observed'), false);
  assert.equal(raised.first(alert, 'estimated'), true, 'per source');
  assert.equal(raised.first({ ...alert, windowStartUnixMs: 0 }, 'observed'), true);
  assert.equal(raised.first(alert, 'observed'), true, 'bounded: the oldest was let go');
});
