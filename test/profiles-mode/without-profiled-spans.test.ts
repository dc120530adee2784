import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import { span, traces } from '../extract/otlp-builders.js';

/*
 * Spans that carry no value (a profiled version's, which bring only the model's
 * identity) are not rows; a span with any value is, whichever the value.
 */
const pipeline = new MonitoringPipeline(parseConfig('drift: { calibrate: false }\n', { name: 't.yaml', baseDir: process.cwd() }), {
  sink: { publish: () => undefined }, now: () => 1_717_171_800_000,
});
after(() => pipeline.shutdown());

test('a span with only a feature, an output, a class probability or a label starts its version; one without values does not', () => {
  pipeline.spans.consumeTraces(traces(
    span({ 'ml.model.name': 'feature', 'ml.feature.x': 1 }),
    span({ 'ml.model.name': 'prediction', 'ml.prediction': 'yes' }),
    span({ 'ml.model.name': 'score', 'ml.prediction.score': 0.4 }),
    span({ 'ml.model.name': 'probability', 'ml.prediction.proba.yes': 0.7 }),
    span({ 'ml.model.name': 'label', 'ml.label': 'yes' }),
    span({ 'ml.model.name': 'batch-probability', 'ml.batch.size': 2, 'ml.prediction.proba.yes': [0.7, 0.2] }),
    span({ 'ml.model.name': 'identity-only', 'ml.batch.size': 3 }),
  ));
  assert.deepEqual(pipeline.registry.list().map((version) => version.model).sort(),
    ['batch-probability', 'feature', 'label', 'prediction', 'probability', 'score']);
});

test('runs of spans of one model go as one batch of rows: kept when their rows carry values, dropped when none does', () => {
  pipeline.spans.consumeTraces(traces(
    span({ 'ml.model.name': 'rows-with-features', 'ml.feature.x': 1 }),
    span({ 'ml.model.name': 'rows-with-features', 'ml.feature.x': 2 }),
    span({ 'ml.model.name': 'rows-with-scores', 'ml.prediction.score': 0.1 }),
    span({ 'ml.model.name': 'rows-with-scores', 'ml.prediction.score': 0.2 }),
    span({ 'ml.model.name': 'rows-identity-only', 'ml.batch.size': 1 }),
    span({ 'ml.model.name': 'rows-identity-only', 'ml.batch.size': 1 }),
  ));
  const started = new Set(pipeline.registry.list().map((version) => version.model));
  assert.ok(started.has('rows-with-features') && started.has('rows-with-scores'));
  assert.equal(started.has('rows-identity-only'), false);
  assert.equal(pipeline.registry.list().find((version) => version.model === 'rows-with-features')?.referenceRows, 2);
});
