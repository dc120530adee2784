import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { InProcessMonitor } from '../../instrumentation/in-process-monitor.js';
import { InferenceRecorder } from '../../instrumentation/inference-recorder.js';
import { instrumentModel } from '../../instrumentation/instrument-model.js';
import { inMemoryTelemetry } from '../helpers/in-memory-telemetry.js';
import { normalSample } from '../helpers/seeded-random.js';

test('in-process mode: the app\'s own spans are monitored by the processor\'s pipeline; signals go out through the app\'s providers', async () => {
  const app = inMemoryTelemetry();
  const { meterProvider } = app;
  const alerts = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: alerts })] });
  const monitor = new InProcessMonitor({
    config: 'windows: { duration: 1h, min_records: 20 }\nreference: { size: 200 }\n',
    meterProvider,
    loggerProvider,
  });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [monitor] });
  const recorder = new InferenceRecorder(tracerProvider.getTracer('app'), meterProvider.getMeter('app'));
  const predict = instrumentModel((row: { x: number; y: number }) => row.x + row.y, { name: 'adder', version: '2' }, recorder);

  const stable = normalSample(400, 11);
  const shifted = normalSample(200, 12, 3);
  for (let i = 0; i < 200; i++) predict({ x: stable[i], y: stable[200 + i] });
  for (let i = 0; i < 200; i++) predict({ x: shifted[i], y: stable[i] });
  await tracerProvider.shutdown();

  const detected = new Map((await app.points('ml.drift.detected')).map((p) => [p.attributes['ml.feature.name'], p.value]));
  assert.equal(detected.get('x'), 1, 'x moved by 3 standard deviations');
  assert.equal(detected.get('y'), 0, 'y did not move');
  assert.deepEqual((await app.points('ml.window.records')).map((p) => [p.attributes['ml.model.name'], p.attributes['ml.model.version'], p.value]), [['adder', '2', 200]]);

  const drift = alerts.getFinishedLogRecords().filter((r) => r.eventName === 'ml.alert' && r.attributes['ml.alert.kind'] === 'drift');
  const alerted = drift.map((r) => r.attributes['ml.feature.name']);
  assert.ok(alerted.includes('x') && !alerted.includes('y'), `drift alerts for ${alerted.join(', ')}`);
  assert.ok(drift.every((r) => /^[0-9a-f]{32}$/.test(r.spanContext?.traceId ?? '')), 'each alert links to a span of the window');
  await app.shutdown();
  await loggerProvider.shutdown();
});

test('spans that are not inference spans are ignored; a bad configuration is refused at once', async () => {
  const monitor = new InProcessMonitor({ meterProvider: new MeterProvider(), loggerProvider: new LoggerProvider() });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [monitor] });
  tracerProvider.getTracer('app').startSpan('GET /health', { attributes: { 'http.route': '/health' } }).end();
  await tracerProvider.shutdown();
  assert.deepEqual(monitor.pipeline.registry.list(), []);
  assert.throws(() => new InProcessMonitor({ config: 'windows: { duration: soon }\n' }), /windows\.duration/);
});

test('in-process mode: ground truth from recordFeedback, with the monitor as a log record processor, gives observed performance through the app\'s meter', async () => {
  const app = inMemoryTelemetry();
  const monitorConfig = 'windows: { duration: 1h, min_records: 5 }\nreference: { size: 20 }\nfeedback: { retain_predictions: always, min_labels: 10 }\n';
  const monitor = new InProcessMonitor({ config: monitorConfig, meterProvider: app.meterProvider, loggerProvider: new LoggerProvider() });
  const exported = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [monitor, new SimpleSpanProcessor(exported)] });
  const appLogs = new LoggerProvider({ processors: [monitor] });
  const recorder = new InferenceRecorder(tracerProvider.getTracer('app'), app.meterProvider.getMeter('app'));
  const predict = instrumentModel((row: { x: number }) => (row.x > 0 ? 'up' : 'down'), { name: 'sign', version: '1' }, recorder);
  const xs = normalSample(60, 21);
  const truths: string[] = [];
  xs.forEach((x, i) => {
    const label = predict({ x });
    // The truth disagrees on every fourth row of the window (after the 20 of the reference).
    truths.push(i >= 20 && i % 4 === 0 ? (label === 'up' ? 'down' : 'up') : label);
  });
  await tracerProvider.forceFlush();
  // One row per call: the inference id is the span id.
  const ids = exported.getFinishedSpans().map((s) => s.spanContext().spanId);
  assert.equal(ids.length, 60);
  ids.forEach((id, i) => appLogs.getLogger('app').emit({
    eventName: 'ml.feedback', attributes: { 'ml.model.name': 'sign', 'ml.inference.id': id, 'ml.label': truths[i] },
  }));
  await monitor.pipeline.registry.settled();
  const accuracy = (await app.points('ml.performance.accuracy')).filter((p) => p.attributes['ml.performance.source'] === 'observed');
  assert.deepEqual(accuracy.map((p) => p.value), [30 / 40]);
  assert.deepEqual((await app.points('ml.feedback.coverage')).map((p) => p.value), [1]);
  await tracerProvider.shutdown();
  await appLogs.shutdown();
});
