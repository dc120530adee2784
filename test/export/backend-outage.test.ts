import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseConfig } from '../../src/config/index.js';
import { SignalExporter } from '../../src/export/index.js';
import { windowAlerts } from '../../src/export/window-alerts.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { freePort } from '../helpers/free-port.js';
import { gaugePoints, logRecords } from './otlp-json.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import { parsePrometheusText, scrape } from '../helpers/prometheus-text.js';
import { WINDOW_START, evaluatedWindow } from './window-fixtures.js';

/**
 * Short deadlines so that the SDK exporter gives up at once (its first retry, 1 s
 * or a Retry-After of 1 s, is past a 200 ms deadline) and modelwatch's queue does
 * the retrying, every 50 to 200 ms.
 */
function outageConfig(prometheusPort: number, endpoint: string, queue = '') {
  const yaml = `prometheus: { port: ${prometheusPort} }
export: { protocol: http/json, interval: 1h, timeout: 200ms, queue: { retry_initial: 50ms, retry_max: 200ms${queue} } }`;
  return parseConfig(yaml, { name: 'test.yaml', baseDir: process.cwd() }, { exportEndpoint: endpoint });
}

/** Window `index` of a run of windows, each raising its own three alerts (distinct by their window). */
function window(index: number) {
  return evaluatedWindow({ windowStartUnixMs: WINDOW_START + index * 60_000, windowEndUnixMs: WINDOW_START + (index + 1) * 60_000 });
}

/** Each alert of windows `from` to `to` - 1, as `<window end> <body>`, in the order they are raised. */
function alertsOf(from: number, to: number, config: ReturnType<typeof outageConfig>): string[] {
  const keys: string[] = [];
  for (let index = from; index < to; index++) {
    for (const alert of windowAlerts(window(index), config.data_quality)) keys.push(`${alert.windowEndUnixMs * 1e6} ${alert.body}`);
  }
  return keys;
}

/** The alerts a sink took, as `<window end> <body>`, in the order they arrived. */
function received(sink: OtlpSink): string[] {
  return sink.at('/v1/logs').flatMap((request) => logRecords(JSON.parse(request.body.toString('utf8')))
    .map(({ record }) => `${String(record.timeUnixNano)} ${record.body?.stringValue}`));
}

async function selfMetric(exporter: SignalExporter, series: string): Promise<number> {
  const { samples } = parsePrometheusText((await scrape(exporter.prometheusUrl!)).text);
  return samples.find((s) => `${s.name}{modelwatch_signal=${s.labels.modelwatch_signal}}` === series)?.value ?? 0;
}

test('alerts raised while the backend answers 503 and then refuses connections all arrive once it recovers, once each, in order', async () => {
  const failing = await OtlpSink.start();
  failing.status = 503;
  failing.headersOf = () => ({ 'retry-after': '1' });
  const config = outageConfig(await freePort(), failing.url);
  const exporter = new SignalExporter(config);
  let recovered: OtlpSink | undefined;
  try {
    await exporter.start();
    for (let index = 0; index < 3; index++) {
      exporter.publish(window(index));
      await exporter.forceFlush();
    }
    assert.ok(failing.at('/v1/logs').length >= 3, 'the backend was asked, and answered 503');

    const port = Number(new URL(failing.url).port);
    await failing.close();
    for (let index = 3; index < 6; index++) {
      exporter.publish(window(index));
      await exporter.forceFlush();
    }
    // Some backoff rounds against a closed port.
    await sleep(500);
    const failuresDuringOutage = await selfMetric(exporter, 'modelwatch_export_failures_total{modelwatch_signal=logs}');
    assert.ok(failuresDuringOutage >= 6, `every attempt failed and was counted (${failuresDuringOutage})`);

    recovered = await OtlpSink.start(port);
    const expected = alertsOf(0, 6, config);
    assert.equal(expected.length, 18);
    await recovered.waitFor(() => received(recovered!).length >= expected.length, 'the alerts held through the outage');
    await exporter.forceFlush();
    await sleep(300);
    assert.deepEqual(received(recovered), expected, 'each alert once, in the order raised');
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=logs}'), 0);
  } finally {
    await exporter.shutdown();
    await recovered?.close();
  }
});

test('past export.queue.max_alerts the oldest alerts are dropped and counted; the newest arrive once the backend recovers', async () => {
  const port = await freePort();
  const config = outageConfig(await freePort(), `http://127.0.0.1:${port}`, ', max_alerts: 4');
  const exporter = new SignalExporter(config);
  let recovered: OtlpSink | undefined;
  try {
    await exporter.start();
    // Nothing listens on the port: every attempt is refused.
    for (let index = 0; index < 4; index++) {
      exporter.publish(window(index));
      await exporter.forceFlush();
    }
    await exporter.forceFlush();
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=logs}'), 12 - 4);

    recovered = await OtlpSink.start(port);
    const raised = alertsOf(0, 4, config);
    await recovered.waitFor(() => received(recovered!).length >= 4, 'the alerts the queue kept');
    await exporter.forceFlush();
    await sleep(300);
    assert.deepEqual(received(recovered), raised.slice(-4), 'the four newest, once each, in order');
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=logs}'), 8, 'dropped and delivered add up to the alerts raised');
  } finally {
    await exporter.shutdown();
    await recovered?.close();
  }
});

/** Performance figures of minute window `index` of model churn version 2. */
function figures(index: number, accuracy: number): PerformanceSignals {
  const start = WINDOW_START + index * 60_000;
  return {
    model: 'churn', version: '2', source: 'observed', windowStartUnixMs: start, windowEndUnixMs: start + 60_000,
    metrics: { accuracy }, labelled: 50, coverage: 0.5,
  };
}

/** The accuracy points of window `index` a sink took, in the order they arrived. */
function accuracyOf(sink: OtlpSink, index: number): number[] {
  const start = BigInt(WINDOW_START + index * 60_000) * 1_000_000n;
  return sink.at('/v1/metrics').flatMap((request) => gaugePoints(JSON.parse(request.body.toString('utf8'))))
    .filter((point) => point.metric === 'ml.performance.accuracy' && point.startNanos === start).map((point) => point.value);
}

test('revised performance points of older windows are kept through an outage and pushed once it ends, each once, in order', async () => {
  const sink = await OtlpSink.start();
  const config = outageConfig(await freePort(), sink.url);
  const exporter = new SignalExporter(config);
  let recovered: OtlpSink | undefined;
  try {
    await exporter.start();
    exporter.publishPerformance(figures(0, 0.9));
    exporter.publishPerformance(figures(1, 0.8));
    await exporter.forceFlush();
    assert.deepEqual(accuracyOf(sink, 1), [0.8], 'the latest window, pushed before the outage');

    sink.status = 503;
    sink.headersOf = () => ({ 'retry-after': '1' });
    exporter.publishPerformance(figures(0, 0.7));
    await exporter.forceFlush();
    const port = Number(new URL(sink.url).port);
    await sink.close();
    exporter.publishPerformance(figures(0, 0.6));
    await exporter.forceFlush();
    await sleep(300);

    recovered = await OtlpSink.start(port);
    await recovered.waitFor(() => accuracyOf(recovered!, 0).length >= 2, 'both revisions of window 0');
    await exporter.forceFlush();
    await sleep(300);
    assert.deepEqual(accuracyOf(recovered, 0), [0.7, 0.6], 'each revision once, in the order made');
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=metrics}'), 0);
  } finally {
    await exporter.shutdown();
    await recovered?.close();
  }
});

test('past export.queue.max_revision_pushes the oldest revised pushes are dropped and counted', async () => {
  const port = await freePort();
  const config = outageConfig(await freePort(), `http://127.0.0.1:${port}`, ', max_revision_pushes: 1');
  const exporter = new SignalExporter(config);
  let recovered: OtlpSink | undefined;
  try {
    await exporter.start();
    exporter.publishPerformance(figures(2, 0.9));
    await exporter.forceFlush();
    for (const accuracy of [0.7, 0.6, 0.5]) {
      exporter.publishPerformance(figures(0, accuracy));
      await exporter.forceFlush();
    }
    recovered = await OtlpSink.start(port);
    await recovered.waitFor(() => accuracyOf(recovered!, 0).length >= 1, 'the newest revision');
    await exporter.forceFlush();
    await sleep(300);
    assert.deepEqual(accuracyOf(recovered, 0), [0.5]);
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=metrics}'), 2);
  } finally {
    await exporter.shutdown();
    await recovered?.close();
  }
});

test('alerts a backend refuses for good (400) are not retried: dropped and counted', async () => {
  const sink = await OtlpSink.start();
  sink.status = 400;
  const exporter = new SignalExporter(outageConfig(await freePort(), sink.url));
  try {
    await exporter.start();
    exporter.publish(window(0));
    await exporter.forceFlush();
    await sleep(300);
    assert.equal(sink.at('/v1/logs').length, 1, 'sent once');
    assert.equal(await selfMetric(exporter, 'modelwatch_export_dropped_total{modelwatch_signal=logs}'), 3);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});
