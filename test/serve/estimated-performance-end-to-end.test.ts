import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitCbpe } from '../../src/evaluate/estimated/index.js';
import { loadShiftScenarios } from '../evaluate/estimated/shift-chunks.js';
import { decodeNumbers } from '../helpers/fixtures.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { performanceProcessor } from '../helpers/performance-processor.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';

/*
 * Estimated performance end to end, on sklearn's breast-cancer data under covariate
 * shift (test/fixtures/cbpe.json: a logistic regression on 3 features; analysis rows
 * sorted by mean texture): the reference's predictions come with labels, two later
 * windows without any. Each window's estimated accuracy is published when it closes,
 * and it falls where the realized accuracy falls, before a single label of those
 * windows arrived.
 */
const WINDOW_MS = 300;
const MODEL = 'cancer-lr';
const [scenario] = loadShiftScenarios();
const [split] = scenario.splits;
const [easy, hard] = split.chunks;

const harness = performanceProcessor({ windowMs: WINDOW_MS, referenceSize: split.reference.score.length, minLabels: 30 });
const { published, post } = harness;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendPredictions(part: string, rows: { score: (number | string)[]; prediction: string[] }): Promise<void> {
  const scores = decodeNumbers(rows.score);
  const spans: SpanAttributes[] = rows.prediction.map((prediction, i) => ({
    'ml.model.name': MODEL, 'ml.model.version': '1', 'ml.model.task': 'classification', 'ml.inference.id': `${part}-${i}`,
    'ml.prediction': prediction, 'ml.prediction.score': scores[i],
  }));
  await post('/v1/traces', encodeTracesJsonRequest(spans));
}

async function closedWindowCount(): Promise<number> {
  return published.filter((p) => p.source === 'estimated').length;
}

test('each window\'s estimated accuracy is published at its close, without labels, and falls where the realized accuracy falls', async () => {
  await sendPredictions('ref', split.reference);
  await post('/v1/feedback', JSON.stringify(split.reference.label.map((label, i) => ({ 'ml.model.name': MODEL, 'ml.inference.id': `ref-${i}`, 'ml.label': label }))));
  await harness.processor.registry.settled();
  for (const [part, chunk] of [['easy', easy], ['hard', hard]] as const) {
    const before = await closedWindowCount();
    await sendPredictions(part, chunk);
    const deadline = Date.now() + 10_000;
    while (await closedWindowCount() === before && Date.now() < deadline) await sleep(WINDOW_MS / 3);
  }
  const estimated = published.filter((p) => p.source === 'estimated');
  assert.equal(estimated.length, 2, 'one estimate per window');
  assert.ok(estimated.every((p) => p.labelled === 0), 'before any label of these windows');

  const direct = fitCbpe({
    scores: decodeNumbers(split.reference.score), labels: split.reference.label, predictions: split.reference.prediction, positiveLabel: scenario.positive_label,
  });
  const expected = [easy, hard].map((chunk) => direct.estimate({ scores: decodeNumbers(chunk.score), predictions: chunk.prediction }).accuracy);
  assert.deepEqual(estimated.map((p) => p.metrics.accuracy), expected, 'what CBPE fitted directly on the same rows says');
  const realized = [easy, hard].map((chunk) => Number(chunk.realized.accuracy));
  assert.ok(realized[1] < realized[0] - 0.1, `the shift costs accuracy: ${realized.join(' → ')}`);
  assert.ok(expected[1] < expected[0], `the estimate falls too: ${expected.join(' → ')}`);

  const { samples } = parsePrometheusText((await scrape(`http://127.0.0.1:${harness.prometheusPort}/metrics`)).text);
  const shown = samples.find((s) => s.name === 'ml_performance_accuracy' && s.labels.ml_model_name === MODEL && s.labels.ml_performance_source === 'estimated');
  assert.equal(shown?.value, expected[1], 'the gauge shows the latest window\'s estimate');
});
