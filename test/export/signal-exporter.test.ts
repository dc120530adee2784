import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, type ServeFlags } from '../../src/config/index.js';
import { SignalExporter } from '../../src/export/index.js';
import { decodeLogsProtobuf } from '../../src/otlp/protobuf/decode-logs-protobuf.js';
import { decodeMetricsProtobuf } from '../../src/otlp/protobuf/decode-metrics-protobuf.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { freePort } from '../helpers/free-port.js';
import { gaugePoints, logRecords, flatten } from './otlp-json.js';
import { parsePrometheusText, scrape, type PrometheusSample } from '../helpers/prometheus-text.js';
import { AMOUNT_EXEMPLAR, amountDrifted, WINDOW_END, WINDOW_START, evaluatedWindow, expectedSeries, skippedWindow } from './window-fixtures.js';

function config(yaml: string, flags: ServeFlags = {}) {
  return parseConfig(yaml, { name: 'test.yaml', baseDir: process.cwd() }, flags);
}

/** Sets environment variables for one test; the function returned puts the previous values back. */
function setEnv(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

const seriesKey = (s: { name: string; labels: Record<string, string> }) =>
  `${s.name}{${Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}}`;

function byKey(samples: readonly { name: string; labels: Record<string, string>; value: number }[]) {
  return new Map(samples.map((s) => [seriesKey(s), s.value]));
}

function mlSamples(samples: PrometheusSample[]) {
  return samples.filter((s) => s.name.startsWith('ml_'));
}

test('the Prometheus endpoint carries every §4 signal of a window, with exactly §4\'s names, labels and values', async () => {
  const port = await freePort();
  const exporter = new SignalExporter(config(`prometheus: { port: ${port} }`));
  try {
    await exporter.start();
    assert.equal(exporter.prometheusUrl, `http://127.0.0.1:${port}/metrics`);
    assert.equal(exporter.pushPlan.metrics, undefined, 'no endpoint configured: nothing pushed');
    exporter.publish(evaluatedWindow());

    const first = await scrape(exporter.prometheusUrl!);
    assert.equal(first.status, 200);
    assert.match(first.contentType ?? '', /^text\/plain/);
    const { samples, comments } = parsePrometheusText(first.text);
    assert.deepEqual(byKey(mlSamples(samples)), byKey(expectedSeries()));
    const detected = (feature: string) => mlSamples(samples).find((s) => s.name === 'ml_drift_detected' && s.labels.ml_feature_name === feature)?.value;
    assert.equal(detected('amount'), 1, 'the drifted feature');
    assert.equal(detected('country'), 0, 'the stable feature');
    assert.ok(!comments.some((line) => line.startsWith('# UNIT ml_')), 'no unit on §4 signals');
    assert.ok(comments.includes('# TYPE ml_drift_detected gauge'));

    // Windows too small for a verdict move ml_window_records only; the last verdicts stay.
    exporter.publish(skippedWindow('fraud', '3', 40));
    exporter.publish(skippedWindow('churn', '1', 7));
    const second = parsePrometheusText((await scrape(exporter.prometheusUrl!)).text).samples;
    const expected = [...expectedSeries(40), { name: 'ml_window_records', labels: { ml_model_name: 'churn', ml_model_version: '1' }, value: 7 }];
    assert.deepEqual(byKey(mlSamples(second)), byKey(expected));

    const self = byKey(second.filter((s) => s.name.startsWith('modelwatch_')));
    assert.equal(self.get('modelwatch_windows_evaluated_total{}'), 1);
    assert.equal(self.get('modelwatch_windows_skipped_total{}'), 2);
    assert.equal(self.get('modelwatch_alerts_total{ml_alert_kind=drift}'), 1);
    assert.equal(self.get('modelwatch_alerts_total{ml_alert_kind=data_quality}'), 2);

    exporter.forget('churn', '1');
    const third = parsePrometheusText((await scrape(exporter.prometheusUrl!)).text).samples;
    assert.ok(!third.some((s) => s.labels.ml_model_name === 'churn'), 'a forgotten model version leaves the endpoint');

    assert.equal((await scrape(`http://127.0.0.1:${port}/other`)).status, 404);
  } finally {
    await exporter.shutdown();
  }
  await assert.rejects(scrape(`http://127.0.0.1:${port}/metrics`, 2_000), /ECONNREFUSED/, 'the port is released at shutdown');
});

test('series follow the latest window: a feature that left and a ratio that became NaN are no longer exported', async () => {
  const port = await freePort();
  const exporter = new SignalExporter(config(`prometheus: { port: ${port} }`));
  try {
    await exporter.start();
    exporter.publish(evaluatedWindow());
    const amountOnly = { ...amountDrifted, quality: { ...amountDrifted.quality, missingRatio: Number.NaN } };
    exporter.publish(evaluatedWindow({ features: [amountOnly], driftShare: 1 }));
    const samples = mlSamples(parsePrometheusText((await scrape(exporter.prometheusUrl!)).text).samples);
    assert.ok(!samples.some((s) => s.labels.ml_feature_name === 'country'), 'country left the model');
    assert.ok(!samples.some((s) => s.name === 'ml_data_quality_missing_ratio'), 'NaN is left out, not kept at its last value');
    assert.equal(samples.find((s) => s.name === 'ml_drift_share')?.value, 1);
  } finally {
    await exporter.shutdown();
  }
});

test('self-metrics fed by the pipeline appear on the endpoint', async () => {
  const port = await freePort();
  const exporter = new SignalExporter(config(`prometheus: { port: ${port} }`));
  try {
    await exporter.start();
    exporter.selfMetrics.recordsAccepted(510, 'traces');
    exporter.selfMetrics.recordsRejected(2, 'traces');
    exporter.selfMetrics.recordsAccepted(3, 'feedback');
    exporter.selfMetrics.observeQueueDepth(() => 5);
    exporter.selfMetrics.observeProcessed(() => 508);
    const self = byKey(parsePrometheusText((await scrape(exporter.prometheusUrl!)).text).samples);
    assert.equal(self.get('modelwatch_records_accepted_total{modelwatch_signal=traces}'), 510);
    assert.equal(self.get('modelwatch_records_rejected_total{modelwatch_signal=traces}'), 2);
    assert.equal(self.get('modelwatch_records_accepted_total{modelwatch_signal=feedback}'), 3);
    assert.equal(self.get('modelwatch_intake_queue_depth{}'), 5);
    assert.equal(self.get('modelwatch_records_processed_total{}'), 508);
  } finally {
    await exporter.shutdown();
  }
});

test('metrics and alerts are pushed as OTLP/JSON to the configured endpoint, with its headers, gzipped', async () => {
  const sink = await OtlpSink.start();
  const exporter = new SignalExporter(config(`
export:
  endpoint: ${sink.url}/
  protocol: http/json
  headers: { x-api-key: secret }
prometheus: { port: 0 }
`));
  try {
    await exporter.start();
    assert.equal(exporter.prometheusUrl, undefined, 'port 0: no Prometheus endpoint');
    exporter.publish(evaluatedWindow());
    await exporter.forceFlush();
    await sink.waitFor(() => sink.at('/v1/metrics').length > 0 && sink.at('/v1/logs').length > 0, 'metrics and logs');

    const [metrics] = sink.at('/v1/metrics');
    assert.match(String(metrics.headers['content-type']), /^application\/json/);
    assert.equal(metrics.headers['content-encoding'], 'gzip');
    assert.equal(metrics.headers['x-api-key'], 'secret');
    const points = gaugePoints(JSON.parse(metrics.body.toString('utf8'))).filter((p) => p.metric.startsWith('ml.'));
    assert.ok(points.every((p) => p.unit === ''), 'no unit on §4 signals');
    const pushed = points.map((p) => ({
      name: p.metric.replaceAll('.', '_'),
      labels: Object.fromEntries(Object.entries(p.attributes).map(([k, v]) => [k.replaceAll('.', '_'), String(v)])),
      value: p.value,
    }));
    assert.deepEqual(byKey(pushed), byKey(expectedSeries()));

    const [logs] = sink.at('/v1/logs');
    assert.equal(logs.headers['x-api-key'], 'secret');
    const alerts = logRecords(JSON.parse(logs.body.toString('utf8')));
    assert.equal(alerts.length, 3, 'one drift alert, two data-quality alerts');
    assert.equal(alerts[0].resource['service.name'], 'modelwatch');
    for (const { record } of alerts) {
      assert.equal(record.eventName, 'ml.alert');
      assert.equal(record.severityNumber, 13);
      assert.equal(record.severityText, 'WARN');
      assert.equal(BigInt(record.timeUnixNano!), BigInt(WINDOW_END) * 1_000_000n);
      assert.match(record.body?.stringValue ?? '', /^Feature "\w+" of model "fraud" version "3" .+\.$/);
    }
    const drift = alerts.find(({ record }) => flatten(record.attributes)['ml.alert.kind'] === 'drift')!.record;
    assert.deepEqual(flatten(drift.attributes), {
      'ml.alert.kind': 'drift',
      'ml.model.name': 'fraud',
      'ml.model.version': '3',
      'ml.feature.name': 'amount',
      'ml.drift.method': 'ks',
      'ml.alert.value': 1e-9,
      'ml.alert.threshold': 0.01,
      'ml.alert.metric': 'ml.drift.p_value',
      'ml.alert.threshold_source': 'calibrated',
      'ml.window.start': new Date(WINDOW_START).toISOString(),
      'ml.window.end': new Date(WINDOW_END).toISOString(),
    });
    assert.equal(drift.traceId?.toLowerCase(), AMOUNT_EXEMPLAR.traceId, 'the alert links to the offending trace');
    assert.equal(drift.spanId?.toLowerCase(), AMOUNT_EXEMPLAR.spanId);
    const quality = alerts.map(({ record }) => flatten(record.attributes)).filter((a) => a['ml.alert.kind'] === 'data_quality');
    assert.deepEqual(quality.map((a) => [a['ml.feature.name'], a['ml.alert.metric'], a['ml.alert.value'], a['ml.alert.threshold']]).sort(), [
      ['amount', 'ml.data_quality.missing_ratio', 0.25, 0.1],
      ['country', 'ml.data_quality.new_category_ratio', 0.2, 0.1],
    ]);
    const countryAlert = alerts.find(({ record }) => flatten(record.attributes)['ml.feature.name'] === 'country')!.record;
    assert.ok(!countryAlert.traceId, 'no exemplar, no trace link');
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

test('the default protocol is OTLP/protobuf, and what arrives decodes to the same signals', async () => {
  const sink = await OtlpSink.start();
  const exporter = new SignalExporter(config('prometheus: { port: 0 }', { exportEndpoint: sink.url }));
  try {
    exporter.publish(evaluatedWindow());
    await exporter.forceFlush();
    await sink.waitFor(() => sink.at('/v1/metrics').length > 0 && sink.at('/v1/logs').length > 0, 'metrics and logs');
    const [metrics] = sink.at('/v1/metrics');
    const [logs] = sink.at('/v1/logs');
    for (const request of [metrics, logs]) {
      assert.equal(request.headers['content-type'], 'application/x-protobuf');
      assert.equal(request.headers['content-encoding'], 'gzip');
    }
    const decoded = decodeMetricsProtobuf(metrics.body);
    const pushed = decoded.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .filter((m) => m.name.startsWith('ml.'))
      .flatMap((m) => m.dataPoints.map((p) => ({
        name: m.name.replaceAll('.', '_'),
        labels: Object.fromEntries([...p.attributes].map(([k, v]) => [k.replaceAll('.', '_'), String(v)])),
        value: p.value ?? Number.NaN,
      })));
    assert.deepEqual(byKey(pushed), byKey(expectedSeries()));
    const records = decodeLogsProtobuf(logs.body).resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
    assert.equal(records.length, 3);
    const drift = records.find((r) => r.attributes.get('ml.alert.kind') === 'drift')!;
    assert.equal(drift.eventName, 'ml.alert');
    assert.equal(drift.traceId, AMOUNT_EXEMPLAR.traceId);
    assert.equal(drift.spanId, AMOUNT_EXEMPLAR.spanId);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

test('with no endpoint in the file or flags, the OTEL_EXPORTER_OTLP_* variables configure the push', async () => {
  const sink = await OtlpSink.start();
  const restore = setEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,x-api-key=from-env',
    OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'x-logs=yes',
    OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    OTEL_SERVICE_NAME: 'modelwatch-eu',
  });
  let exporter: SignalExporter | undefined;
  try {
    // The file's header wins over the variable of the same name; the others still apply.
    exporter = new SignalExporter(config('export: { headers: { x-api-key: from-file } }\nprometheus: { port: 0 }'));
    exporter.publish(evaluatedWindow());
    await exporter.forceFlush();
    await sink.waitFor(() => sink.at('/v1/metrics').length > 0 && sink.at('/v1/logs').length > 0, 'metrics and logs');
    const [metrics] = sink.at('/v1/metrics');
    const [logs] = sink.at('/v1/logs');
    assert.match(String(metrics.headers['content-type']), /^application\/json/);
    assert.equal(metrics.headers['content-encoding'], undefined, 'OTEL_EXPORTER_OTLP_COMPRESSION=none');
    assert.equal(metrics.headers['x-tenant'], 'acme');
    assert.equal(metrics.headers['x-api-key'], 'from-file');
    assert.equal(metrics.headers['x-logs'], undefined);
    assert.equal(logs.headers['x-logs'], 'yes');
    const resource = flatten((JSON.parse(metrics.body.toString('utf8')) as { resourceMetrics: { resource: { attributes: never[] } }[] }).resourceMetrics[0].resource.attributes);
    assert.equal(resource['service.name'], 'modelwatch-eu');
    assert.equal(logRecords(JSON.parse(logs.body.toString('utf8'))).length, 3);
  } finally {
    restore();
    await exporter?.shutdown();
    await sink.close();
  }
});

test('a signal-specific endpoint variable turns on only that signal', async () => {
  const restore = setEnv({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:1/v1/logs' });
  try {
    const exporter = new SignalExporter(config('prometheus: { port: 0 }'));
    assert.equal(exporter.pushPlan.metrics, undefined);
    assert.equal(exporter.pushPlan.logs?.url, undefined, 'the SDK reads the variable itself');
    await exporter.shutdown();
  } finally {
    restore();
  }
});

test('a failing backend is counted in modelwatch.export.failures, never thrown', async () => {
  const sink = await OtlpSink.start();
  sink.status = 400; // permanent: no retry
  const port = await freePort();
  const exporter = new SignalExporter(config(`prometheus: { port: ${port} }`, { exportEndpoint: sink.url }));
  try {
    await exporter.start();
    exporter.publish(evaluatedWindow());
    await exporter.forceFlush();
    await sink.waitFor(() => sink.at('/v1/metrics').length > 0 && sink.at('/v1/logs').length > 0, 'both pushes');
    const self = byKey(parsePrometheusText((await scrape(exporter.prometheusUrl!)).text).samples);
    assert.equal(self.get('modelwatch_export_failures_total{modelwatch_signal=metrics}'), 1);
    assert.equal(self.get('modelwatch_export_failures_total{modelwatch_signal=logs}'), 1);
  } finally {
    await exporter.shutdown();
    await sink.close();
  }
});

test('shutdown flushes what is pending, is safe twice, and publishing afterwards does nothing', async () => {
  const sink = await OtlpSink.start();
  const port = await freePort();
  const exporter = new SignalExporter(config(`prometheus: { port: ${port} }\nexport: { protocol: http/json }`, { exportEndpoint: sink.url }));
  await exporter.start();
  exporter.publish(evaluatedWindow());
  await Promise.all([exporter.shutdown(), exporter.shutdown()]);
  await exporter.shutdown();
  assert.equal(sink.at('/v1/metrics').length, 1, 'the final collection is pushed once');
  assert.equal(logRecords(JSON.parse(sink.at('/v1/logs')[0].body.toString('utf8'))).length, 3, 'pending alerts are flushed');
  exporter.publish(evaluatedWindow());
  await exporter.forceFlush();
  assert.equal(sink.requests.length, 2, 'nothing after shutdown');
  await assert.rejects(scrape(`http://127.0.0.1:${port}/metrics`, 2_000), /ECONNREFUSED/);
  await sink.close();
});

test('a Prometheus port already in use fails start() with a coded error naming the setting', async () => {
  const port = await freePort();
  const first = new SignalExporter(config(`prometheus: { port: ${port} }`));
  const second = new SignalExporter(config(`prometheus: { port: ${port} }`));
  try {
    await first.start();
    await assert.rejects(second.start(), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'MODELWATCH_ERR_LISTEN');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}.*EADDRINUSE.*--prometheus-port`));
      return true;
    });
  } finally {
    await second.shutdown();
    await first.shutdown();
  }
});
