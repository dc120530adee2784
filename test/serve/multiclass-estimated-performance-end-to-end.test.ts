import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitReference, loadMulticlassScenarios, probabilitiesOf, type FixtureRows } from '../evaluate/estimated/multiclass-shift-chunks.js';
import { decodeNumber, decodeNumbers } from '../helpers/fixtures.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { performanceProcessor } from '../helpers/performance-processor.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';

/*
 * Multiclass estimated performance end to end, on sklearn's wine data under
 * covariate shift (test/fixtures/cbpe_multiclass.json: a logistic regression on 3
 * features of 3 cultivars; analysis rows sorted by alcohol, cut in 3 chunks of 18):
 * spans carry `ml.prediction.proba.<class>` and no score. The reference's predictions
 * come with labels; each chunk is then one window, without labels. Each window's
 * estimated accuracy is published when it closes; the labels sent afterwards give
 * each window its observed accuracy, which the estimate is compared with.
 *
 * Tolerance: in windows of 18 predictions chance alone moves the realized accuracy
 * away from its expectation by 0.06 on average (the noise floor of
 * cbpe-multiclass-shift.test.ts), so each estimate must fall within 0.16 of the
 * realized accuracy (measured: 0.15, 0.02, 0.01), and the three together must beat the
 * reference's accuracy carried forward (measured: 0.06 vs 0.14 on average).
 */
const WINDOW_MS = 300;
const MODEL = 'wine-lr';
const [scenario] = loadMulticlassScenarios();
const [split] = scenario.splits;
const TOLERANCE = 0.16;

const harness = performanceProcessor({ windowMs: WINDOW_MS, referenceSize: split.reference.label.length, minLabels: 15 });
const { published, post } = harness;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendPredictions(part: string, rows: FixtureRows): Promise<void> {
  const columns = scenario.classes.map((c) => decodeNumbers(rows.proba[c]));
  const spans: SpanAttributes[] = rows.prediction.map((prediction, i) => ({
    'ml.model.name': MODEL, 'ml.model.version': '1', 'ml.model.task': 'classification', 'ml.inference.id': `${part}-${i}`,
    'ml.prediction': prediction,
    ...Object.fromEntries(scenario.classes.map((c, k) => [`ml.prediction.proba.${c}`, columns[k][i]])),
  }));
  await post('/v1/traces', encodeTracesJsonRequest(spans));
}

async function sendLabels(part: string, rows: FixtureRows): Promise<void> {
  await post('/v1/feedback', JSON.stringify(rows.label.map((label, i) => ({ 'ml.model.name': MODEL, 'ml.inference.id': `${part}-${i}`, 'ml.label': label }))));
}

async function until(what: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!what() && Date.now() < deadline) await sleep(WINDOW_MS / 3);
}

const bySource = (source: string) => published.filter((p) => p.source === source);

test('a 3-class model\'s estimated accuracy is published at each window\'s close, before its labels, and falls close to the accuracy they show', async () => {
  await sendPredictions('ref', split.reference);
  await sendLabels('ref', split.reference);
  await harness.processor.registry.settled();
  for (const [index, chunk] of split.chunks.entries()) {
    const before = bySource('estimated').length;
    await sendPredictions(`chunk${index}`, chunk);
    await until(() => bySource('estimated').length > before);
  }
  const estimated = bySource('estimated');
  assert.equal(estimated.length, 3, 'one estimate per window');
  assert.ok(estimated.every((p) => p.labelled === 0), 'before any label of these windows');
  assert.equal(bySource('observed').length, 0);

  const direct = fitReference(scenario, split);
  const expected = split.chunks.map((chunk) => direct.estimate({ probabilities: probabilitiesOf(chunk, scenario.classes), predictions: chunk.prediction }));
  assert.deepEqual(estimated.map((p) => p.metrics.accuracy), expected.map((e) => e.accuracy), 'what multiclass CBPE fitted directly on the same rows says');
  assert.deepEqual(estimated.map((p) => p.metrics.f1), expected.map((e) => e.f1));

  const { samples } = parsePrometheusText((await scrape(`http://127.0.0.1:${harness.prometheusPort}/metrics`)).text);
  const shown = samples.find((s) => s.name === 'ml_performance_accuracy' && s.labels.ml_model_name === MODEL && s.labels.ml_performance_source === 'estimated');
  assert.equal(shown?.value, expected[2].accuracy, 'the gauge shows the latest window\'s estimate');

  for (const [index, chunk] of split.chunks.entries()) await sendLabels(`chunk${index}`, chunk);
  await until(() => new Set(bySource('observed').map((p) => p.windowStartUnixMs)).size === 3);
  const realized = estimated.map((e) => {
    const observed = bySource('observed').filter((p) => p.windowStartUnixMs === e.windowStartUnixMs).at(-1);
    assert.ok(observed !== undefined, `the window at ${e.windowStartUnixMs} gets its observed figures`);
    assert.equal(observed.labelled, 18);
    return observed.metrics.accuracy!;
  });
  assert.deepEqual(realized, split.chunks.map((chunk) => decodeNumber(chunk.realized.accuracy)), 'sklearn\'s accuracy of each chunk');
  const errors = estimated.map((e, i) => Math.abs(e.metrics.accuracy! - realized[i]));
  const reference = estimated[0].baseline!.accuracy!;
  const baselineErrors = realized.map((r) => Math.abs(reference - r));
  errors.forEach((error, i) => assert.ok(error <= TOLERANCE, `window ${i}: estimated ${estimated[i].metrics.accuracy}, realized ${realized[i]}`));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(errors) < mean(baselineErrors), `CBPE ${mean(errors)} vs the reference carried forward ${mean(baselineErrors)}`);
});
