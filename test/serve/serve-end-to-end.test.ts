import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Attributes } from '@opentelemetry/api';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { decodeLogsJson } from '../../src/otlp/index.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { freePort } from '../helpers/free-port.js';
import { PrometheusServer, prometheusUnavailable } from '../helpers/prometheus-server.js';
import { normalSample } from '../helpers/seeded-random.js';

/*
 * modelwatch serve as a user runs it: the OpenTelemetry JS SDK's own OTLP exporters
 * send inference spans, Debian's Prometheus server scrapes the processor, and a real
 * OTLP endpoint receives the pushed metrics and alert logs.
 */
const ROWS_PER_SPAN = 50;
const WINDOW_MS = 1000;
let processor: Processor;
let prometheus: PrometheusServer;
let sink: OtlpSink;
let otlpUrl: string;
const driftedSpanIds = new Set<string>();

const skip = prometheusUnavailable();

before(async () => {
  if (skip !== undefined) return;
  sink = await OtlpSink.start();
  const prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    `prometheus: { port: ${prometheusPort} }`,
    `windows: { duration: ${WINDOW_MS}ms, min_records: 100 }`,
    'reference: { size: 200 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 1s }`,
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  const { port } = processor.receiver.address();
  otlpUrl = `http://127.0.0.1:${port}`;
  prometheus = await PrometheusServer.start([`127.0.0.1:${prometheusPort}`]);
});

after(async () => {
  await processor?.shutdown();
  await prometheus?.stop();
  await sink?.close();
});

/** Sends `spans` batch spans of model "churn" v1 through a real SDK exporter; x is shifted by `shift`. */
async function sendInferences(exporter: 'protobuf' | 'json', spans: number, seed: number, shift: number): Promise<string[]> {
  const url = `${otlpUrl}/v1/traces`;
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(exporter === 'protobuf' ? new ProtobufTraceExporter({ url }) : new JsonTraceExporter({ url }))],
  });
  const tracer = provider.getTracer('churn-service');
  const spanIds: string[] = [];
  for (let s = 0; s < spans; s++) {
    const x = normalSample(ROWS_PER_SPAN, seed * 1000 + s, shift);
    const y = normalSample(ROWS_PER_SPAN, seed * 1000 + s + 500);
    const attributes: Attributes = {
      'ml.model.name': 'churn',
      'ml.model.version': '1',
      'ml.model.task': 'classification',
      'ml.batch.size': ROWS_PER_SPAN,
      'ml.feature.x': Array.from(x),
      'ml.feature.y': Array.from(y),
      'ml.feature.plan': Array.from(y, (v) => (v > 0 ? 'pro' : 'basic')),
      'ml.prediction': Array.from(x, (v) => (v > 0 ? 1 : 0)),
    };
    const span = tracer.startSpan('predict churn', { attributes });
    spanIds.push(span.spanContext().spanId);
    span.end();
  }
  await provider.forceFlush();
  await provider.shutdown();
  return spanIds;
}

test('drift reaches Prometheus as ml_drift_detected within two windows, and alerts link to a drifted span', { skip }, async () => {
  await sendInferences('protobuf', 200 / ROWS_PER_SPAN, 1, 0);
  const driftSent = Date.now();
  for (const id of await sendInferences('json', 400 / ROWS_PER_SPAN, 2, 3)) driftedSpanIds.add(id);

  const detected = await prometheus.waitFor(
    'ml_drift_detected{ml_model_name="churn",ml_model_version="1"}',
    (r) => r.some((s) => s.metric.ml_feature_name === 'x' && s.value === 1),
    20_000,
  );
  const byFeature = new Map(detected.map((s) => [s.metric.ml_feature_name, s.value]));
  assert.equal(byFeature.get('x'), 1, 'x moved by 3 standard deviations');
  assert.equal(byFeature.get('y'), 0, 'y did not move');
  assert.equal(byFeature.get('plan'), 0, 'plan did not move');
  assert.equal(byFeature.get('ml.prediction'), 1, 'the prediction follows x');

  const scores = await prometheus.query('ml_drift_score{ml_model_name="churn",ml_feature_name="x"}');
  assert.ok(scores.some((s) => s.metric.ml_drift_method === 'ks'), 'every method has a score series');
  assert.ok(scores.length >= 8, `${scores.length} ml_drift_score series for x`);

  await sink.waitFor(() => alertsFor('x').length > 0, 'a drift alert for x', 10_000);
  const [alert] = alertsFor('x');
  assert.equal(alert.attributes.get('ml.alert.kind'), 'drift');
  assert.equal(alert.severityText, 'WARN');
  assert.ok(driftedSpanIds.has(alert.spanId), `the alert links span ${alert.spanId}, one of the drifted records`);
  assert.equal(alertsFor('y').length, 0, 'no alert for the stable feature');
  const windowEnd = Date.parse(String(alert.attributes.get('ml.window.end')));
  assert.ok(windowEnd - driftSent <= 2 * WINDOW_MS, `the drift was judged in a window ending ${windowEnd - driftSent} ms after it was sent`);
});

function alertsFor(feature: string) {
  return sink.at('/v1/logs')
    .flatMap((request) => decodeLogsJson(request.body.toString('utf8')).resourceLogs)
    .flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords))
    .filter((record) => record.eventName === 'ml.alert' && record.attributes.get('ml.feature.name') === feature
      && record.attributes.get('ml.alert.kind') === 'drift');
}
