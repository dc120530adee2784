import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { gaugePoints, type GaugePoint } from '../export/otlp-json.js';
import { freePort } from '../helpers/free-port.js';
import { irisRows, type IrisRow } from '../helpers/iris-predictions.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';

/*
 * Issue 6's re-export, through `modelwatch serve`'s own path: predictions of three
 * windows A, B, C come as spans; their labels later through POST /v1/feedback, A's
 * only in part. Then A's remaining labels come: A's figures change. The next OTLP
 * push carries A's new figures as points timestamped at A, in a request of their own
 * beside the latest window's (C's) points; the Prometheus endpoint keeps showing C;
 * B, unchanged, is not sent again. Pushes are made by forceFlush (the interval is an
 * hour), so each is one step of the test.
 */
const WINDOW_MS = 300;
const MODEL = 'iris-lr';

const reference = irisRows('iris-reference.csv').slice(0, 40);
const current = irisRows('iris-current.csv');
const windows = { a: current.slice(0, 25), b: current.slice(25, 50), c: current.slice(50, 75) };
/** A's labels that come late: its first 12, which hold a wrong prediction (the early 13 are all right). */
const LATE_A = 12;
/** C's labels that ever come, so its coverage tells it apart from the other windows. */
const LABELLED_C = 15;

const accuracy = (rows: readonly IrisRow[]) => rows.filter((row) => row.target === row.prediction).length / rows.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nanos = (unixMs: number) => BigInt(unixMs) * 1_000_000n;

test('a late label\'s change to an older window is pushed once, timestamped at that window; the scrape keeps showing the latest', { timeout: 60_000 }, async () => {
  assert.notEqual(accuracy(windows.a.slice(LATE_A)), accuracy(windows.a), 'the late labels must change A\'s accuracy');
  const sink = await OtlpSink.start();
  const prometheusPort = await freePort();
  const published: PerformanceSignals[] = [];
  const processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    `prometheus: { port: ${prometheusPort} }`,
    `windows: { duration: ${WINDOW_MS}ms, min_records: 5 }`,
    'reference: { size: 40 }',
    'feedback: { retain_predictions: always, min_labels: 10 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 1h }`,
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }), {
    windowListener: { publish: () => undefined, publishPerformance: (signals) => published.push(signals) },
  });
  await processor.start();
  const base = `http://127.0.0.1:${processor.receiver.address().port}`;

  async function sendPredictions(part: string, rows: readonly IrisRow[]): Promise<{ from: number; to: number }> {
    const spans: SpanAttributes[] = rows.map((row, i) => ({
      'ml.model.name': MODEL, 'ml.model.version': '1', 'ml.model.task': 'classification', 'ml.inference.id': `${part}-${i}`,
      ...Object.fromEntries(Object.entries(row.features).map(([name, value]) => [`ml.feature.${name}`, value])),
      'ml.prediction': row.prediction,
    }));
    const from = Date.now();
    const response = await fetch(`${base}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest(spans), signal: AbortSignal.timeout(5_000),
    });
    assert.equal(response.status, 200);
    return { from, to: Date.now() };
  }

  async function postLabels(part: string, rows: readonly IrisRow[], from = 0): Promise<void> {
    const items = rows.map((row, i) => ({ 'ml.model.name': MODEL, 'ml.inference.id': `${part}-${from + i}`, 'ml.label': row.target }));
    const response = await fetch(`${base}/v1/feedback`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items), signal: AbortSignal.timeout(5_000),
    });
    assert.deepEqual(await response.json(), { accepted: items.length, rejected: 0, errors: [] });
  }

  /** Pushes once: the performance points of each metrics request it made. */
  async function push(): Promise<GaugePoint[][]> {
    const before = sink.at('/v1/metrics').length;
    await processor.exporter.forceFlush();
    return sink.at('/v1/metrics').slice(before).map((request) => gaugePoints(JSON.parse(request.body.toString('utf8')))
      .filter((p) => p.metric.startsWith('ml.performance.') || p.metric === 'ml.feedback.coverage'))
      .filter((points) => points.length > 0);
  }

  async function scraped(name: string): Promise<number | undefined> {
    const { samples } = parsePrometheusText((await scrape(`http://127.0.0.1:${prometheusPort}/metrics`)).text);
    return samples.find((s) => s.name === name && s.labels.ml_model_name === MODEL && (s.labels.ml_performance_source ?? 'observed') === 'observed')?.value;
  }

  try {
    await sendPredictions('ref', reference);
    await postLabels('ref', reference);
    // Each window's predictions in a window of its own (windows close on multiples of WINDOW_MS).
    const sent = { a: { from: 0, to: 0 }, b: { from: 0, to: 0 }, c: { from: 0, to: 0 } };
    for (const part of ['a', 'b', 'c'] as const) {
      await sleep(2 * WINDOW_MS);
      sent[part] = await sendPredictions(part, windows[part]);
    }
    await postLabels('a', windows.a.slice(LATE_A), LATE_A);
    await postLabels('b', windows.b);
    await postLabels('c', windows.c.slice(0, LABELLED_C));
    await processor.registry.settled();

    const startOf = (part: 'a' | 'b' | 'c') => {
      const starts = [...new Set(published.filter((p) => p.windowStartUnixMs <= sent[part].to && p.windowEndUnixMs > sent[part].from).map((p) => p.windowStartUnixMs))];
      assert.equal(starts.length, 1, `one window holds ${part}'s predictions`);
      return starts[0];
    };
    const [startA, startB, startC] = [startOf('a'), startOf('b'), startOf('c')];
    assert.ok(startA < startB && startB < startC);

    const [, first] = await push();
    assert.deepEqual([...new Set(first.map((p) => p.startNanos))].sort(), [nanos(startA), nanos(startB)],
      'A and B, superseded before any push showed them, went out once each, at their own window');
    assert.deepEqual((await push()).length, 1, 'nothing changed since: the latest window\'s points only');

    await postLabels('a', windows.a.slice(0, LATE_A));
    await processor.registry.settled();
    assert.equal(await scraped('ml_feedback_coverage'), LABELLED_C / windows.c.length, 'the scrape shows C');
    assert.equal(await scraped('ml_performance_accuracy'), accuracy(windows.c.slice(0, LABELLED_C)));

    const [latest, revised, ...more] = await push();
    assert.equal(more.length, 0);
    assert.ok(latest.every((p) => p.startNanos === nanos(startC)), 'the latest window\'s points are C\'s');
    assert.equal(latest.find((p) => p.metric === 'ml.feedback.coverage')?.value, LABELLED_C / windows.c.length);
    assert.ok(revised.length > 0 && revised.every((p) => p.startNanos === nanos(startA) && p.timeNanos === nanos(startA + WINDOW_MS)),
      'the revision: A\'s points only, from A\'s start to its end');
    assert.equal(revised.find((p) => p.metric === 'ml.performance.accuracy')?.value, accuracy(windows.a), 'with A\'s figures over all its labels');
    assert.equal(revised.find((p) => p.metric === 'ml.feedback.coverage')?.value, 1);
    assert.deepEqual(revised.map((p) => p.metric).sort(), latest.map((p) => p.metric).sort(), 'the same series as the latest window\'s');
    assert.ok(![...latest, ...revised].some((p) => p.startNanos === nanos(startB)), 'B, unchanged, is not sent again');
    assert.equal(await scraped('ml_performance_accuracy'), accuracy(windows.c.slice(0, LABELLED_C)), 'the scrape still shows C after the push');

    assert.deepEqual((await push()).length, 1, 'sent once: the next push has the latest window\'s points only');
  } finally {
    await processor.shutdown();
    await sink.close();
  }
});
