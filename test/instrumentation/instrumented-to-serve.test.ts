import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { InferenceRecorder } from '../../instrumentation/inference-recorder.js';
import { instrumentModel } from '../../instrumentation/instrument-model.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { normalSample } from '../helpers/seeded-random.js';

interface GaugePoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asInt?: string | number;
}

/** ml.drift.detected per feature, from the OTLP/JSON metric pushes the sink received. */
function driftDetected(sink: OtlpSink): Map<string, number> {
  const out = new Map<string, number>();
  for (const request of sink.at('/v1/metrics')) {
    const body = JSON.parse(request.body.toString('utf8')) as {
      resourceMetrics: { scopeMetrics: { metrics: { name: string; gauge?: { dataPoints: GaugePoint[] } }[] }[] }[];
    };
    for (const metric of body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))) {
      if (metric.name !== 'ml.drift.detected') continue;
      for (const point of metric.gauge?.dataPoints ?? []) {
        const feature = point.attributes.find((a) => a.key === 'ml.feature.name')?.value.stringValue;
        if (feature !== undefined) out.set(feature, Number(point.asInt));
      }
    }
  }
  return out;
}

test('an instrumented model\'s spans reach modelwatch serve over OTLP, and its drift comes out as a signal', async () => {
  const sink = await OtlpSink.start();
  const processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }', 'prometheus: { port: 0 }', 'windows: { duration: 1h, min_records: 50 }', 'reference: { size: 300 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 1h }`,
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  try {
    const url = `http://127.0.0.1:${processor.receiver.address().port}/v1/traces`;
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
    const recorder = new InferenceRecorder(tracerProvider.getTracer('pricing-service'), new MeterProvider().getMeter('pricing-service'));
    const price = instrumentModel(
      (rows: { area: number; rooms: number; district: string }[]) => rows.map((r) => 1000 * r.area + 50 * r.rooms),
      { name: 'pricing', version: '4', task: 'regression' },
      recorder,
    );
    const area = normalSample(600, 21, 80, 20);
    const rooms = normalSample(600, 22, 3, 1);
    const batch = (from: number, shift: number) => Array.from({ length: 20 }, (_, i) => ({
      area: area[from + i] + shift, rooms: Math.round(rooms[from + i]), district: i % 3 === 0 ? 'north' : 'south',
    }));
    for (let b = 0; b < 15; b++) price(batch(b * 20, 0));
    for (let b = 15; b < 30; b++) price(batch(b * 20, 40));
    await tracerProvider.shutdown();
    assert.deepEqual(processor.registry.list().map((m) => [m.model, m.version, m.phase]), [['pricing', '4', 'monitoring']]);
  } finally {
    await processor.shutdown();
  }
  const detected = driftDetected(sink);
  await sink.close();
  assert.equal(detected.get('area'), 1, 'area moved by two standard deviations');
  assert.equal(detected.get('district'), 0);
  assert.equal(detected.get('ml.prediction'), 1, 'and so did the price');
});
