import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { alertLogRecord, windowAlerts } from '../../src/export/index.js';
import { AMOUNT_EXEMPLAR, amountDrifted, countryStable, evaluatedWindow, skippedWindow } from './window-fixtures.js';

const thresholds = { missing_ratio: 0.1, type_mismatch_ratio: 0.01, out_of_range_ratio: 0.1, new_category_ratio: 0.1 };

test('one alert per drifted feature and one per data-quality ratio above its threshold', () => {
  const alerts = windowAlerts(evaluatedWindow(), thresholds);
  assert.deepEqual(alerts.map((a) => [a.kind, a.feature, a.metric]), [
    ['drift', 'amount', 'ml.drift.p_value'],
    ['data_quality', 'amount', 'ml.data_quality.missing_ratio'],
    ['data_quality', 'country', 'ml.data_quality.new_category_ratio'],
  ]);
  assert.equal(alerts[0].body,
    'Feature "amount" of model "fraud" version "3" drifted in the window 2024-06-01T12:00:00.000Z to 2024-06-01T12:01:00.000Z: ks p-value 1e-9 is below the calibrated threshold 0.01.');
  assert.equal(alerts[1].body,
    'Feature "amount" of model "fraud" version "3" had 25% missing values in the window 2024-06-01T12:00:00.000Z to 2024-06-01T12:01:00.000Z, above the alert threshold of 10%.');
  assert.equal(alerts[2].body,
    'Feature "country" of model "fraud" version "3" had 20% categories the reference never had in the window 2024-06-01T12:00:00.000Z to 2024-06-01T12:01:00.000Z, above the alert threshold of 10%.');
});

test('a distance method alerts on its statistic, at or above the threshold', () => {
  const psi = { ...countryStable, method: 'psi' as const, statistic: 0.25, pValue: null, threshold: 0.25, thresholdSource: 'configured' as const, drifted: true };
  const [alert] = windowAlerts(evaluatedWindow({ features: [psi] }), { ...thresholds, new_category_ratio: 1 });
  assert.equal(alert.metric, 'ml.drift.score');
  assert.equal(alert.value, 0.25);
  assert.match(alert.body, /psi statistic 0\.25 is at or above the configured threshold 0\.25\.$/);
});

test('a ratio equal to its threshold, a null ratio and a NaN ratio raise nothing', () => {
  const feature = { ...countryStable, quality: { missingRatio: 0.1, typeMismatchRatio: Number.NaN, outOfRangeRatio: null, newCategoryRatio: 0.1 } };
  assert.deepEqual(windowAlerts(evaluatedWindow({ features: [feature] }), thresholds), []);
});

test('a window without a verdict raises no alert', () => {
  assert.deepEqual(windowAlerts(skippedWindow('fraud', '3', 12), thresholds), []);
});

test('an alert becomes a WARN ml.alert log record in the context of its exemplar span', () => {
  const [drift, missing] = windowAlerts(evaluatedWindow(), thresholds);
  const record = alertLogRecord(drift);
  assert.equal(record.eventName, 'ml.alert');
  assert.equal(record.severityNumber, SeverityNumber.WARN);
  assert.equal(record.severityText, 'WARN');
  assert.equal(record.body, drift.body);
  const spanContext = trace.getSpanContext(record.context!);
  assert.equal(spanContext?.traceId, AMOUNT_EXEMPLAR.traceId);
  assert.equal(spanContext?.spanId, AMOUNT_EXEMPLAR.spanId);
  assert.equal(record.attributes?.['ml.window.start'], '2024-06-01T12:00:00.000Z');
  // The missing-ratio alert of the same feature links to the same record; a malformed exemplar links nowhere.
  assert.equal(trace.getSpanContext(alertLogRecord(missing).context!)?.spanId, AMOUNT_EXEMPLAR.spanId);
  const broken = alertLogRecord({ ...drift, exemplar: { traceId: 'xyz', spanId: amountDrifted.exemplar!.spanId } });
  assert.equal(trace.getSpanContext(broken.context!), undefined);
});
