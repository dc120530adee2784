import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../../src/otlp/index.js';
import { freePort } from '../helpers/free-port.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeLogs, encodeMetrics, encodeTraces } from '../otlp/encode-protobuf.js';
import { exportCall } from './grpc-export-call.js';

/*
 * OTLP/gRPC as an app sends it: the OpenTelemetry JS SDK's own gRPC exporters send
 * inference spans and ground-truth logs (gzip-compressed) to a real processor on
 * loopback; what the processor then knows is read from its admin API, its join and
 * its Prometheus self-metrics.
 */
const SPANS = 40;
let processor: Processor;
let grpcPort: number;
let httpBase: string;
let metricsUrl: string;

before(async () => {
  grpcPort = await freePort();
  const prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${grpcPort} }`,
    `prometheus: { port: ${prometheusPort} }`,
    'reference: { size: 1000 }',
    'feedback: { retain_predictions: always }',
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  httpBase = `http://127.0.0.1:${processor.receiver.address().port}`;
  metricsUrl = `http://127.0.0.1:${prometheusPort}/metrics`;
});

after(async () => {
  await processor?.shutdown();
});

/** A self-metric's value as scraped now (0 when absent). */
async function scraped(name: string, labels: string): Promise<number> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('inference spans from the SDK gRPC trace exporter reach the model state', async () => {
  const acceptedBefore = await scraped('modelwatch_records_accepted_total', 'modelwatch_signal="traces"');
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${grpcPort}`, timeoutMillis: 10_000 }))],
  });
  const tracer = provider.getTracer('churn-service');
  for (let i = 0; i < SPANS; i++) {
    tracer.startSpan('predict churn', {
      attributes: {
        'ml.model.name': 'churn', 'ml.model.version': '3', 'ml.model.task': 'classification',
        'ml.inference.id': `inference-${i}`, 'ml.feature.tenure': i, 'ml.feature.plan': i % 2 === 0 ? 'pro' : 'basic', 'ml.prediction': i % 3 === 0 ? 1 : 0,
      },
    }).end();
  }
  await provider.forceFlush();
  await provider.shutdown();

  const listed = await (await fetch(`${httpBase}/admin/models`, { signal: AbortSignal.timeout(5_000) })).json() as { models: { model: string; version: string; referenceRows: number }[] };
  const churn = listed.models.find((m) => m.model === 'churn' && m.version === '3');
  assert.ok(churn, `churn@3 is listed: ${JSON.stringify(listed)}`);
  assert.equal(churn.referenceRows, SPANS);
  assert.equal(await scraped('modelwatch_records_accepted_total', 'modelwatch_signal="traces"') - acceptedBefore, SPANS);
});

test('ground truth from the SDK gRPC log exporter, gzip-compressed, joins the predictions', async () => {
  const loggerProvider = new LoggerProvider({
    processors: [new BatchLogRecordProcessor({
      exporter: new OTLPLogExporter({ url: `http://127.0.0.1:${grpcPort}`, compression: CompressionAlgorithm.GZIP, timeoutMillis: 10_000 }),
    })],
  });
  const logger = loggerProvider.getLogger('churn-labels');
  const labelled = 10;
  for (let i = 0; i < labelled; i++) {
    logger.emit({ eventName: 'ml.feedback', attributes: { 'ml.model.name': 'churn', 'ml.model.version': '3', 'ml.inference.id': `inference-${i}`, 'ml.label': i % 2 } });
  }
  await loggerProvider.forceFlush();
  await loggerProvider.shutdown();
  assert.equal(processor.registry.joinStats()?.joined, labelled);
  assert.equal(await scraped('modelwatch_records_accepted_total', 'modelwatch_signal="logs"'), labelled);
});

test('every OTLP example request, as protobuf over gRPC, is accepted whole', async () => {
  const requests = [
    { name: 'trace.json', signal: 'traces', body: encodeTraces(decodeTracesJson(readOtlpExample('trace.json'))) },
    { name: 'logs.json', signal: 'logs', body: encodeLogs(decodeLogsJson(readOtlpExample('logs.json'))) },
    { name: 'events.json', signal: 'logs', body: encodeLogs(decodeLogsJson(readOtlpExample('events.json'))) },
    { name: 'metrics.json', signal: 'metrics', body: encodeMetrics(decodeMetricsJson(readOtlpExample('metrics.json')), { packed: true }) },
  ] as const;
  for (const { name, signal, body } of requests) {
    const answer = await exportCall(grpcPort, signal, body);
    assert.equal(answer.code, status.OK, `${name}: ${answer.details}`);
    assert.equal(answer.partial, undefined, `${name}: nothing rejected`);
  }
});
