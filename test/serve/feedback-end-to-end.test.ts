import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { recordFeedback } from '../../instrumentation/feedback.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { irisRows, type IrisRow } from '../helpers/iris-predictions.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../src/webhook/index.js';
import { WebhookReceiver } from '../webhook/webhook-receiver.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';

/*
 * Ground truth end to end, on sklearn's iris with a real model's predictions (the
 * report fixtures hold a logistic regression's): predictions arrive as spans, labels
 * later through the instrumentation's recordFeedback (OTLP logs) and POST
 * /v1/feedback. The labels of the last window tell of a changed world (concept drift:
 * virginica is now called versicolor), so its observed accuracy drops and a
 * performance alert goes out, once; late labels of an earlier window update it.
 */
const WINDOW_MS = 300;
const MODEL = 'iris-lr';

const reference = irisRows('iris-reference.csv').slice(0, 40);
const current = irisRows('iris-current.csv');
const windowA = current.slice(0, 35);
const windowB = current.slice(35);
/** The changed world of window B's labels. */
const driftedTruth = (row: IrisRow) => (row.target === 'virginica' ? 'versicolor' : row.target);

let processor: Processor;
let sink: OtlpSink;
let prometheusPort: number;
let loggerProvider: LoggerProvider;
let webhook: WebhookReceiver;
const WEBHOOK_SECRET = 'retrain-me';
const published: PerformanceSignals[] = [];

before(async () => {
  sink = await OtlpSink.start();
  // Fails the first delivery: the webhook retries.
  webhook = await WebhookReceiver.start((index) => ({ status: index === 0 ? 503 : 200 }));
  prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    `prometheus: { port: ${prometheusPort} }`,
    `windows: { duration: ${WINDOW_MS}ms, min_records: 5 }`,
    'reference: { size: 40 }',
    'feedback: { retain_predictions: always, min_labels: 10 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 200ms }`,
    `webhook: { url: "${webhook.url}", secret: ${WEBHOOK_SECRET}, initial_backoff: 50ms, max_backoff: 200ms }`,
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }), {
    windowListener: { publish: () => undefined, publishPerformance: (signals) => published.push(signals) },
  });
  await processor.start();
  loggerProvider = new LoggerProvider({
    // As an app sets it up: batched (the OTLP exporter refuses more than 30 exports in flight).
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${base()}/v1/logs` }) })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
});

after(async () => {
  await loggerProvider?.shutdown();
  await processor?.shutdown();
  await sink?.close();
  await webhook?.close();
});

const base = () => `http://127.0.0.1:${processor.receiver.address().port}`;
const idOf = (part: string, i: number) => `${part}-${i}`;

async function sendPredictions(part: string, rows: readonly IrisRow[]): Promise<void> {
  const spans: SpanAttributes[] = rows.map((row, i) => ({
    'ml.model.name': MODEL, 'ml.model.version': '1', 'ml.model.task': 'classification', 'ml.inference.id': idOf(part, i),
    ...Object.fromEntries(Object.entries(row.features).map(([name, value]) => [`ml.feature.${name}`, value])),
    'ml.prediction': row.prediction,
  }));
  const response = await fetch(`${base()}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(spans), signal: AbortSignal.timeout(5_000),
  });
  assert.equal(response.status, 200);
}

async function postLabels(items: { id: string; label: string }[]): Promise<{ accepted: number; rejected: number }> {
  const response = await fetch(`${base()}/v1/feedback`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000),
    body: JSON.stringify(items.map(({ id, label }) => ({ 'ml.model.name': MODEL, 'ml.inference.id': id, 'ml.label': label }))),
  });
  assert.equal(response.status, 200);
  const { accepted, rejected } = await response.json() as { accepted: number; rejected: number };
  return { accepted, rejected };
}

type SentAttribute = { key: string; value: { stringValue?: string; doubleValue?: number; intValue?: string } };
type LogsBody = { resourceLogs: { scopeLogs: { logRecords: { body?: { stringValue?: string }; attributes: SentAttribute[] }[] }[] }[] };

/** The performance alerts the processor pushed to the OTLP sink: each record's attributes, and its body. */
function performanceAlertsSent(): Record<string, unknown>[] {
  return sink.requests.filter((r) => r.path === '/v1/logs')
    .flatMap((r) => (JSON.parse(r.body.toString('utf8')) as LogsBody).resourceLogs)
    .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))
    .map((record): Record<string, unknown> => ({
      body: record.body?.stringValue,
      ...Object.fromEntries(record.attributes.map((a) => [a.key, a.value.stringValue ?? a.value.doubleValue ?? Number(a.value.intValue)])),
    }))
    .filter((alert) => alert['ml.alert.kind'] === 'performance');
}

const accuracy = (pairs: [string, string][]) => pairs.filter(([truth, predicted]) => truth === predicted).length / pairs.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

test('observed performance per window from joined labels; a drop raises one performance alert; late labels update their window', async () => {
  await sendPredictions('ref', reference);
  for (const [i, row] of reference.entries()) recordFeedback({ model: MODEL, inferenceId: idOf('ref', i), label: row.target });
  await loggerProvider.forceFlush();

  await sendPredictions('a', windowA);
  await sleep(2 * WINDOW_MS);
  await sendPredictions('b', windowB);
  // Labels of A: the first 20 now, the rest after B's.
  const labelsA = windowA.map((row, i) => ({ id: idOf('a', i), label: row.target }));
  assert.deepEqual(await postLabels(labelsA.slice(0, 20)), { accepted: 20, rejected: 0 });
  assert.deepEqual(await postLabels(windowB.map((row, i) => ({ id: idOf('b', i), label: driftedTruth(row) }))), { accepted: 40, rejected: 0 });

  const expectedB = accuracy(windowB.map((row) => [driftedTruth(row), row.prediction]));
  const baseline = accuracy(reference.map((row) => [row.target, row.prediction]));
  assert.ok(expectedB < baseline - 0.05, `the drift must show: ${expectedB} vs ${baseline}`);
  const shown = await until(async () => {
    const { samples } = parsePrometheusText((await scrape(`http://127.0.0.1:${prometheusPort}/metrics`)).text);
    const sample = samples.find((s) => s.name === 'ml_performance_accuracy' && s.labels.ml_model_name === MODEL && s.labels.ml_performance_source === 'observed');
    return sample !== undefined && Math.abs(sample.value - expectedB) < 1e-12 ? samples : undefined;
  }, 'window B\'s accuracy on the Prometheus endpoint');
  assert.equal(shown.find((s) => s.name === 'ml_feedback_coverage' && s.labels.ml_model_name === MODEL)?.value, 1);

  await postLabels(labelsA.slice(20));
  await processor.registry.settled();
  const figuresOfA = published.filter((p) => p.windowStartUnixMs === published[0].windowStartUnixMs).map((p) => [p.labelled, p.metrics.accuracy]);
  assert.deepEqual(figuresOfA, [
    [20, accuracy(windowA.slice(0, 20).map((row) => [row.target, row.prediction]))],
    [35, accuracy(windowA.map((row) => [row.target, row.prediction]))],
  ], 'window A published again with its late labels');
  assert.deepEqual(published.map((p) => p.baseline?.accuracy), published.map(() => baseline), 'the reference\'s labelled rows are the baseline');

  await processor.exporter.forceFlush();
  const alerts = performanceAlertsSent();
  const raised = alerts.map((a) => `${String(a['ml.alert.metric'])} @ ${String(a['ml.window.start'])}`);
  assert.equal(new Set(raised).size, raised.length, `one alert per window and metric, however often its figures were published: ${raised.join('; ')}`);
  const startOf = (labelled: number) => new Date(published.find((p) => p.labelled === labelled)!.windowStartUnixMs).toISOString();
  const accuracyAlerts = alerts.filter((a) => a['ml.alert.metric'] === 'ml.performance.accuracy');
  assert.deepEqual(accuracyAlerts.map((a) => a['ml.window.start']), [startOf(windowB.length)], 'window B\'s accuracy fell; A\'s did not');
  const accuracyAlert = alerts.find((a) => a['ml.alert.metric'] === 'ml.performance.accuracy')!;
  assert.equal(accuracyAlert['ml.alert.value'], expectedB);
  assert.match(String(accuracyAlert.body), /^The observed accuracy of model "iris-lr" version "1" fell to /);
});

test('the alerts reach the webhook, signed, after a retry; the sample export holds the records with their labels', async () => {
  const delivered = await until(() => {
    const ok = webhook.requests.filter((r) => r.status === 200).map((r) => ({ ...r, payload: JSON.parse(r.body) as { alert: Record<string, unknown>; samples_path: string } }));
    return ok.some((r) => r.payload.alert.kind === 'performance' && r.payload.alert.metric === 'ml.performance.accuracy') ? ok : undefined;
  }, 'the accuracy alert at the webhook');
  assert.equal(webhook.requests[0].status, 503, 'the first delivery failed and was retried');
  assert.equal(delivered[0].payload.samples_path, `/v1/models/${MODEL}/1/samples`, 'where a retraining pipeline fetches the data');
  for (const request of delivered) {
    const header = (name: string) => String(request.headers[name.toLowerCase()]);
    assert.ok(verifyWebhookSignature(WEBHOOK_SECRET, header(WEBHOOK_HEADERS.timestamp), request.body, header(WEBHOOK_HEADERS.signature), Date.now() / 1000));
  }

  const csv = await fetch(`${base()}/v1/models/${MODEL}/1/samples?format=csv`, { signal: AbortSignal.timeout(5_000) });
  assert.equal(csv.status, 200);
  const [header, ...lines] = (await csv.text()).trim().split('\r\n');
  const columns = header.split(',');
  const byId = new Map(lines.map((line) => line.split(',')).map((cells) => [cells[columns.indexOf('inference_id')], cells]));
  assert.equal(byId.size, reference.length + windowA.length + windowB.length, 'every record (fewer than the sample size)');
  const labelOf = (id: string) => byId.get(id)![columns.indexOf('label')];
  assert.equal(labelOf(idOf('b', 0)), driftedTruth(windowB[0]));
  assert.equal(labelOf(idOf('a', 34)), windowA[34].target, 'a late label reaches the sample too');
  const jsonl = await fetch(`${base()}/v1/models/${MODEL}/1/samples?format=jsonl`, { signal: AbortSignal.timeout(5_000) });
  assert.equal((await jsonl.text()).trim().split('\n').length, byId.size);
  assert.equal((await fetch(`${base()}/v1/models/${MODEL}/9/samples`, { signal: AbortSignal.timeout(5_000) })).status, 404);

  // Other alerts may still be on their way to the webhook: read the self-metrics once every delivery the receiver answered is counted.
  const scraped = async () => parsePrometheusText((await scrape(`http://127.0.0.1:${prometheusPort}/metrics`)).text).samples;
  const valueIn = (list: Awaited<ReturnType<typeof scraped>>, name: string, labels: Record<string, string> = {}) => list.find((s) => s.name === name
    && Object.entries(labels).every(([key, value]) => s.labels[key] === value))?.value;
  const samples = await until(async () => {
    const list = await scraped();
    const answered = webhook.requests.filter((r) => r.status === 200).length;
    return valueIn(list, 'modelwatch_webhook_deliveries', { modelwatch_webhook_outcome: 'delivered' }) === answered ? list : undefined;
  }, 'every webhook delivery counted');
  const self = (name: string, labels: Record<string, string> = {}) => valueIn(samples, name, labels);
  assert.equal(self('modelwatch_feedback_joined'), reference.length + windowA.length + windowB.length, 'every label joined');
  assert.equal(self('modelwatch_feedback_waiting', { modelwatch_feedback_side: 'labels' }), 0);
  assert.ok(self('modelwatch_webhook_deliveries', { modelwatch_webhook_outcome: 'delivered' })! >= delivered.length);
  assert.ok(self('modelwatch_webhook_deliveries', { modelwatch_webhook_outcome: 'retried' })! >= 1);
});

test('POST /v1/feedback takes the valid items of a batch and names the refused ones', async () => {
  const response = await fetch(`${base()}/v1/feedback`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000),
    body: JSON.stringify([{ 'ml.model.name': MODEL, 'ml.inference.id': 'z', 'ml.label': 1 }, { 'ml.model.name': MODEL, 'ml.label': 1 }, 7]),
  });
  assert.equal(response.status, 200);
  const answer = await response.json() as { accepted: number; rejected: number; errors: { index: number; message: string }[] };
  assert.deepEqual([answer.accepted, answer.rejected, answer.errors.map((e) => e.index)], [1, 2, [1, 2]]);
  const bad = await fetch(`${base()}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json', signal: AbortSignal.timeout(5_000) });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { errors: { message: string }[] }).errors[0].message, /not JSON/);
  const wrongType = await fetch(`${base()}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}', signal: AbortSignal.timeout(5_000) });
  assert.equal(wrongType.status, 415);
});
