import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { parseConfig } from '../../src/config/index.js';
import { PerformanceRevisions, SignalExporter } from '../../src/export/index.js';
import type { PerformanceSignals, PerformanceSource } from '../../src/pipeline/performance-signals.js';
import { freePort } from '../helpers/free-port.js';
import { OtlpSink, type ReceivedRequest } from '../helpers/otlp-sink.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';
import { gaugePoints, type GaugePoint } from './otlp-json.js';

/*
 * The performance gauges on the two readers: the Prometheus scrape shows the latest
 * window with figures; the OTLP push shows it too, and besides, once, each older
 * window whose figures changed since the last push, timestamped at that window.
 * Pushes are made by forceFlush (the interval is an hour), so each is one test step.
 */

/** 2024-06-01T12:00:00Z, and minute windows after it. */
const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);
const MINUTE = 60_000;
const windowStart = (i: number) => T0 + i * MINUTE;

function figures(window: number, accuracy: number, options: { source?: PerformanceSource; labelled?: number; coverage?: number } = {}): PerformanceSignals {
  return {
    model: 'churn',
    version: '2',
    source: options.source ?? 'observed',
    windowStartUnixMs: windowStart(window),
    windowEndUnixMs: windowStart(window) + MINUTE,
    metrics: { accuracy, f1: accuracy / 2 },
    labelled: options.labelled ?? 50,
    coverage: options.coverage ?? 0.5,
  };
}

const nanos = (unixMs: number) => BigInt(unixMs) * 1_000_000n;

interface Push {
  readonly requests: ReceivedRequest[];
  /** The §4 performance points of each request. */
  readonly points: GaugePoint[][];
}

/** Pushes once and returns the metric requests it made, with their performance points. */
async function push(exporter: SignalExporter, sink: OtlpSink): Promise<Push> {
  const before = sink.at('/v1/metrics').length;
  await exporter.forceFlush();
  const requests = sink.at('/v1/metrics').slice(before);
  const points = requests.map((r) => gaugePoints(JSON.parse(r.body.toString('utf8')))
    .filter((p) => p.metric.startsWith('ml.performance.') || p.metric === 'ml.feedback.coverage'));
  return { requests, points };
}

/** Points of a window: those starting at its start and ending at its end. */
const ofWindow = (points: readonly GaugePoint[], window: number) =>
  points.filter((p) => p.startNanos === nanos(windowStart(window)) && p.timeNanos === nanos(windowStart(window) + MINUTE));

const summary = (points: readonly GaugePoint[]) =>
  points.map((p) => `${p.metric}{${String(p.attributes['ml.performance.source'] ?? '')}}=${p.value}`).sort();

async function scrapedAccuracy(exporter: SignalExporter, source: PerformanceSource = 'observed'): Promise<number | undefined> {
  const { samples } = parsePrometheusText((await scrape(exporter.prometheusUrl!)).text);
  return samples.find((s) => s.name === 'ml_performance_accuracy' && s.labels.ml_performance_source === source)?.value;
}

async function withExporter(run: (exporter: SignalExporter, sink: OtlpSink) => Promise<void>): Promise<void> {
  const sink = await OtlpSink.start();
  const port = await freePort();
  const exporter = new SignalExporter(parseConfig(
    `prometheus: { port: ${port} }\nexport: { endpoint: "${sink.url}", protocol: http/json, interval: 1h }`,
    { name: 'test.yaml', baseDir: process.cwd() },
  ));
  try {
    await exporter.start();
    await run(exporter, sink);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
}

test('an older window whose figures change is pushed once more, timestamped at it, apart from the latest window\'s points', async () => {
  await withExporter(async (exporter, sink) => {
    for (const [window, accuracy] of [0.9, 0.85, 0.8].entries()) {
      exporter.publishPerformance(figures(window, accuracy));
      const before = Date.now();
      const { points } = await push(exporter, sink);
      assert.equal(points.length, 1, `window ${window} shown, nothing else`);
      const shown = points[0].filter((p) => p.metric === 'ml.performance.accuracy');
      assert.deepEqual(shown.map((p) => [p.value, p.startNanos]), [[accuracy, nanos(windowStart(window))]]);
      assert.ok(shown[0].timeNanos >= nanos(before) && shown[0].timeNanos <= nanos(Date.now()), 'the latest window\'s point ends at the collection');
    }

    // A late label for window 0: its figures change; window 1's do not.
    exporter.publishPerformance(figures(0, 0.7, { labelled: 80, coverage: 0.8 }));
    assert.equal(await scrapedAccuracy(exporter), 0.8, 'the scrape still shows the latest window');
    const { requests, points } = await push(exporter, sink);
    assert.equal(requests.length, 2, 'the revision goes in a request of its own');
    const [current, revised] = points;
    assert.deepEqual(summary(current), ['ml.feedback.coverage{}=0.5', 'ml.performance.accuracy{observed}=0.8', 'ml.performance.f1{observed}=0.4']);
    assert.ok(current.every((p) => p.startNanos === nanos(windowStart(2))), 'the latest window\'s points');
    assert.deepEqual(summary(revised), ['ml.feedback.coverage{}=0.8', 'ml.performance.accuracy{observed}=0.7', 'ml.performance.f1{observed}=0.35']);
    assert.equal(ofWindow(revised, 0).length, revised.length, 'every revised point starts at window 0\'s start and ends at its end');
    const revisedRequest = gaugePoints(JSON.parse(requests[1].body.toString('utf8')));
    assert.equal(revisedRequest.length, revised.length, 'the revision request holds nothing else');
    assert.deepEqual(revised.find((p) => p.metric === 'ml.performance.accuracy')?.attributes,
      { 'ml.model.name': 'churn', 'ml.model.version': '2', 'ml.performance.source': 'observed' }, 'the same series as the gauge');
    assert.equal(await scrapedAccuracy(exporter), 0.8, 'and still after the push');

    const quiet = await push(exporter, sink);
    assert.equal(quiet.requests.length, 1, 'a revision is sent once');
    assert.deepEqual(summary(quiet.points[0]), summary(current));
  });
});

test('the latest window\'s change rides on its gauges, unless a newer window supersedes it before the push', async () => {
  await withExporter(async (exporter, sink) => {
    exporter.publishPerformance(figures(5, 0.8));
    await push(exporter, sink);
    exporter.publishPerformance(figures(5, 0.82));
    const changedWhileShown = await push(exporter, sink);
    assert.equal(changedWhileShown.requests.length, 1, 'the gauges carry the shown window\'s new figures');
    assert.equal(changedWhileShown.points[0].find((p) => p.metric === 'ml.performance.accuracy')?.value, 0.82);

    // Window 5 changes, then window 6 comes, before any push showed window 5's last figures.
    exporter.publishPerformance(figures(5, 0.84));
    exporter.publishPerformance(figures(6, 0.6));
    const superseded = await push(exporter, sink);
    assert.equal(superseded.requests.length, 2);
    assert.deepEqual(summary(superseded.points[0]).filter((s) => s.includes('accuracy')), ['ml.performance.accuracy{observed}=0.6']);
    assert.deepEqual(ofWindow(superseded.points[1], 5).filter((p) => p.metric === 'ml.performance.accuracy').map((p) => p.value), [0.84]);
    assert.equal(superseded.points[1].length, ofWindow(superseded.points[1], 5).length, 'window 5 only');
  });
});

test('sources are revised apart: an estimate of an older window goes out with its source and no coverage', async () => {
  await withExporter(async (exporter, sink) => {
    exporter.publishPerformance(figures(3, 0.9, { source: 'estimated' }));
    exporter.publishPerformance(figures(1, 0.5, { source: 'observed' }));
    await push(exporter, sink);
    // The observed window 1 is the latest observed one: no revision of it. Window 2's estimate is older than window 3's.
    exporter.publishPerformance(figures(2, 0.75, { source: 'estimated' }));
    exporter.publishPerformance(figures(1, 0.55, { source: 'observed' }));
    const { points } = await push(exporter, sink);
    assert.equal(points.length, 2);
    assert.deepEqual(summary(points[1]), ['ml.performance.accuracy{estimated}=0.75', 'ml.performance.f1{estimated}=0.375']);
    assert.equal(ofWindow(points[1], 2).length, 2);
    assert.deepEqual(summary(points[0]), [
      'ml.feedback.coverage{}=0.5', 'ml.performance.accuracy{estimated}=0.9', 'ml.performance.accuracy{observed}=0.55',
      'ml.performance.f1{estimated}=0.45', 'ml.performance.f1{observed}=0.275',
    ]);
    assert.equal(await scrapedAccuracy(exporter, 'estimated'), 0.9);
  });
});

test('a backend refusing the revision (as Prometheus refuses an out-of-order sample) still takes the latest window\'s points', async () => {
  await withExporter(async (exporter, sink) => {
    exporter.publishPerformance(figures(0, 0.9));
    exporter.publishPerformance(figures(1, 0.8));
    await push(exporter, sink);
    // Refuses a request holding a point that ends before the latest it took: what Prometheus's OTLP receiver answers 400.
    let latest = 0n;
    sink.statusOf = (request) => {
      if (request.path !== '/v1/metrics') return 200;
      const times = gaugePoints(JSON.parse(request.body.toString('utf8'))).filter((p) => p.metric.startsWith('ml.')).map((p) => p.timeNanos);
      if (times.some((t) => t < latest)) return 400;
      for (const t of times) if (t > latest) latest = t;
      return 200;
    };
    await push(exporter, sink);
    exporter.publishPerformance(figures(0, 0.7));
    const { requests, points } = await push(exporter, sink);
    assert.equal(requests.length, 2);
    assert.deepEqual(ofWindow(points[1], 0).map((p) => p.value).sort(), [0.35, 0.5, 0.7], 'the revision was sent, and refused');
    assert.equal(points[0].find((p) => p.metric === 'ml.performance.accuracy')?.value, 0.8, 'the latest window\'s points went in a request of their own');
    const { samples } = parsePrometheusText((await scrape(exporter.prometheusUrl!)).text);
    assert.equal(samples.find((s) => s.name === 'modelwatch_export_failures_total' && s.labels.modelwatch_signal === 'metrics')?.value, 1,
      'one failed request: the revision\'s');
  });
});

test('without a push the scrape alone shows the latest window, whatever order windows\' figures come in', async () => {
  const port = await freePort();
  const exporter = new SignalExporter(parseConfig(`prometheus: { port: ${port} }`, { name: 'test.yaml', baseDir: process.cwd() }));
  try {
    await exporter.start();
    exporter.publishPerformance(figures(2, 0.9));
    exporter.publishPerformance(figures(1, 0.5));
    assert.equal(await scrapedAccuracy(exporter), 0.9);
    exporter.publishPerformance(figures(2, 0.95));
    assert.equal(await scrapedAccuracy(exporter), 0.95);
  } finally {
    await exporter.shutdown();
  }
});

test('at most maxPerVersion windows of a model version wait: the oldest are let go, unsent, and a warning says how many', async () => {
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: () => undefined, info: () => undefined, debug: () => undefined, verbose: () => undefined,
    warn: (message) => warnings.push(message),
  };
  diag.setLogger(logger, DiagLogLevel.WARN);
  try {
    const revisions = new PerformanceRevisions(() => false, 3);
    for (const window of [4, 2, 6, 3]) revisions.record(figures(window, window / 10));
    revisions.record(figures(2, 0.25)); // older than every window waiting: the newcomer is the one let go
    revisions.record(figures(6, 0.65)); // already waiting: replaces its figures, nothing let go
    revisions.record({ ...figures(1, 0.1), version: '3' }); // another version has its own cap
    const starts = async () => {
      const { resourceMetrics } = await revisions.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === 'ml.performance.accuracy')
        .flatMap((m) => m.dataPoints.map((p) => [p.attributes['ml.model.version'], (Number(p.startTime[0]) * 1000 - T0) / MINUTE, p.value]));
    };
    assert.deepEqual((await starts()).sort(), [['2', 3, 0.3], ['2', 4, 0.4], ['2', 6, 0.65], ['3', 1, 0.1]]);
    assert.deepEqual(warnings, ['modelwatch: 2 revised performance windows were not pushed: more than 3 windows of one model version changed between two pushes']);
    assert.deepEqual(await starts(), [], 'all forgotten after a collection');
    assert.equal(warnings.length, 1);
  } finally {
    diag.disable();
  }
});
