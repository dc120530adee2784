import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diag, DiagLogLevel, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter as HttpLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as HttpMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { LogsData, MetricsData, TracesData } from '../../src/otlp/types.js';
import { collectMetrics, expectedLogRecord, expectedSpan, fields, recordLogs, sdkSpansOfEveryType, TEST_RESOURCE } from '../otlp/sdk-telemetry.js';
import { parseAccessTokens } from '../../src/auth/access-tokens.js';
import { BearerAuth } from '../../src/auth/bearer-auth.js';
import { runningReceiver } from './running-receiver.js';

interface Exporter<T> {
  export(items: T, done: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
}

/** Exports once through a real SDK exporter and waits (bounded) for its verdict. */
async function exportOnce<T>(exporter: Exporter<T>, items: T): Promise<ExportResult> {
  try {
    return await new Promise<ExportResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the exporter did not finish within 5 s')), 5000);
      exporter.export(items, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  } finally {
    await exporter.shutdown();
  }
}

function spansOf(data: TracesData[]) {
  return data.flatMap((d) => d.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
}

function assertSpansArrived(received: TracesData[], sent: ReadableSpan[]): void {
  const byId = new Map(spansOf(received).map((s) => [s.spanId, s]));
  assert.equal(byId.size, sent.length);
  for (const span of sent) assert.deepStrictEqual(fields(byId.get(span.spanContext().spanId)), expectedSpan(span), span.name);
  for (const [key, value] of Object.entries(TEST_RESOURCE)) {
    assert.equal(received[0].resourceSpans[0].resource.attributes.get(key), value, `resource attribute ${key}`);
  }
}

test('traces from the SDK exporters, over OTLP/HTTP JSON and protobuf, with and without gzip, arrive as sent', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const spans = await sdkSpansOfEveryType();
  const url = `${baseUrl}/v1/traces`;
  const exporters: Array<[string, Exporter<ReadableSpan[]>]> = [
    ['http/json', new HttpTraceExporter({ url })],
    ['http/json gzip', new HttpTraceExporter({ url, compression: CompressionAlgorithm.GZIP })],
    ['http/protobuf', new ProtoTraceExporter({ url })],
    ['http/protobuf gzip', new ProtoTraceExporter({ url, compression: CompressionAlgorithm.GZIP })],
  ];
  for (const [name, exporter] of exporters) {
    consumer.traces.length = 0;
    const result = await exportOnce(exporter, spans);
    assert.equal(result.code, ExportResultCode.SUCCESS, `${name}: ${result.error?.message}`);
    assert.equal(consumer.traces.length, 1, name);
    assertSpansArrived(consumer.traces, spans);
  }
});

async function sdkLogs(): Promise<ReadableLogRecord[]> {
  const context = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED,
  });
  return recordLogs((logger) => {
    logger.emit({
      eventName: 'ml.feedback',
      severityNumber: SeverityNumber.INFO,
      attributes: { 'ml.model.name': 'churn', 'ml.inference.id': 'b7ad6b7169203331:0', 'ml.label': 'yes', n: 3, x: 0.5, ok: true, list: [1, 2] },
      context,
    });
    logger.emit({ severityNumber: SeverityNumber.WARN, body: { nested: { bytes: new Uint8Array([1, 2, 3]) }, list: ['a', 1, false] } });
  });
}

function logRecordsOf(data: LogsData[]) {
  return data.flatMap((d) => d.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)));
}

test('logs from the SDK exporters, over OTLP/HTTP JSON and protobuf, arrive as sent', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const records = await sdkLogs();
  const url = `${baseUrl}/v1/logs`;
  for (const [name, exporter] of [
    ['http/json', new HttpLogExporter({ url })],
    ['http/protobuf gzip', new ProtoLogExporter({ url, compression: CompressionAlgorithm.GZIP })],
  ] as const) {
    consumer.logs.length = 0;
    const result = await exportOnce<ReadableLogRecord[]>(exporter, records);
    assert.equal(result.code, ExportResultCode.SUCCESS, `${name}: ${result.error?.message}`);
    assert.deepStrictEqual(logRecordsOf(consumer.logs), records.map(expectedLogRecord), name);
  }
});

test('metrics from the SDK exporters, over OTLP/HTTP JSON and protobuf, arrive as sent', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  const resourceMetrics = await collectMetrics((meter) => {
    meter.createCounter('ml.inference.records').add(7, { 'ml.model.name': 'churn' });
    const histogram = meter.createHistogram('ml.inference.duration', { advice: { explicitBucketBoundaries: [0.1, 1] } });
    histogram.record(0.05, { 'ml.model.name': 'churn' });
    histogram.record(3, { 'ml.model.name': 'churn' });
    meter.createHistogram('ml.feature.value.exponential').record(2.5, { 'ml.feature.name': 'age' });
    meter.createGauge('model.temperature').record(-1.25);
  });
  const url = `${baseUrl}/v1/metrics`;
  const received: MetricsData[][] = [];
  for (const [name, exporter] of [
    ['http/json', new HttpMetricExporter({ url })],
    ['http/protobuf', new ProtoMetricExporter({ url })],
  ] as const) {
    consumer.metrics.length = 0;
    const result = await exportOnce<ResourceMetrics>(exporter, resourceMetrics);
    assert.equal(result.code, ExportResultCode.SUCCESS, `${name}: ${result.error?.message}`);
    received.push([...consumer.metrics]);
  }
  assert.deepStrictEqual(received[0], received[1], 'the JSON and protobuf exports decode alike');
  const metrics = new Map(received[0][0].resourceMetrics[0].scopeMetrics[0].metrics.map((m) => [m.name, m]));
  assert.equal(metrics.get('ml.inference.records')!.dataPoints[0].value, 7);
  assert.deepStrictEqual(metrics.get('ml.inference.records')!.dataPoints[0].attributes, new Map([['ml.model.name', 'churn']]));
  const histogram = metrics.get('ml.inference.duration')!.dataPoints[0];
  assert.deepStrictEqual([histogram.count, histogram.sum, histogram.min, histogram.max], [2, 3.05, 0.05, 3]);
  assert.deepStrictEqual([histogram.explicitBounds, histogram.bucketCounts], [[0.1, 1], [1, 0, 1]]);
  assert.equal(metrics.get('ml.feature.value.exponential')!.type, 'exponentialHistogram');
  assert.equal(metrics.get('ml.feature.value.exponential')!.dataPoints[0].sum, 2.5);
  assert.equal(metrics.get('model.temperature')!.dataPoints[0].value, -1.25);
});

test('a partial success reaches the SDK exporters, which report it, in JSON and in protobuf', async (t) => {
  const { consumer, baseUrl } = await runningReceiver(t);
  consumer.reply = () => ({ rejected: 2, message: 'ml.feature.age has 2 values for 3 rows' });
  const warnings: string[] = [];
  const record = (...args: unknown[]): void => { warnings.push(args.map(String).join(' ')); };
  diag.setLogger({ error: record, warn: record, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
  t.after(() => diag.disable());
  const spans = await sdkSpansOfEveryType();
  const url = `${baseUrl}/v1/traces`;
  for (const [name, exporter] of [['http/json', new HttpTraceExporter({ url })], ['http/protobuf', new ProtoTraceExporter({ url })]] as const) {
    warnings.length = 0;
    const result = await exportOnce<ReadableSpan[]>(exporter, spans);
    assert.equal(result.code, ExportResultCode.SUCCESS, `${name}: a partial success is not a failure`);
    const reported = warnings.find((w) => w.includes('Partial Success'));
    assert.ok(reported !== undefined, `${name}: the exporter reported the partial success (${warnings.join(' | ')})`);
    assert.match(reported, /rejectedSpans/, name);
    assert.match(reported, /ml\.feature\.age has 2 values for 3 rows/, name);
  }
});

test('with bearer tokens configured, the SDK exporters get in with an Authorization header and are refused (401, not retried) without', async (t) => {
  const token = 'sdkTOKENsdkTOKEN0123456789';
  const auth = new BearerAuth({ ingest: parseAccessTokens(`inference-service:${token}`).tokens, admin: [] });
  const { receiver, consumer, baseUrl } = await runningReceiver(t, { auth });
  const spans = await sdkSpansOfEveryType();
  const records = await sdkLogs();
  const headers = { Authorization: `Bearer ${token}` };
  const tracesUrl = `${baseUrl}/v1/traces`;
  const logsUrl = `${baseUrl}/v1/logs`;
  for (const [name, exporter] of [
    ['http/json', new HttpTraceExporter({ url: tracesUrl, headers })],
    ['http/protobuf gzip', new ProtoTraceExporter({ url: tracesUrl, headers, compression: CompressionAlgorithm.GZIP })],
  ] as const) {
    const result = await exportOnce<ReadableSpan[]>(exporter, spans);
    assert.equal(result.code, ExportResultCode.SUCCESS, `${name}: ${result.error?.message}`);
  }
  const logged = await exportOnce<ReadableLogRecord[]>(new ProtoLogExporter({ url: logsUrl, headers }), records);
  assert.equal(logged.code, ExportResultCode.SUCCESS, logged.error?.message);
  assert.equal(consumer.traces.length, 2);
  assertSpansArrived(consumer.traces.slice(0, 1), spans);
  assert.deepStrictEqual(logRecordsOf(consumer.logs), records.map(expectedLogRecord));

  for (const [name, exporter] of [
    ['no header', new HttpTraceExporter({ url: tracesUrl })],
    ['an old token', new ProtoTraceExporter({ url: tracesUrl, headers: { Authorization: 'Bearer retiredTOKENretiredTOKEN00' } })],
  ] as const) {
    const result = await exportOnce<ReadableSpan[]>(exporter, spans);
    assert.equal(result.code, ExportResultCode.FAILED, name);
    assert.match(String(result.error?.message ?? result.error), /401|Unauthorized/i, name);
  }
  assert.equal(consumer.traces.length, 2, 'nothing refused reached the consumer');
  const refused = receiver.stats().responses.find((r) => r.route === '/v1/traces' && r.status === 401);
  assert.equal(refused?.count, 2, 'each refusal answered once: a 401 is not retried');
});
