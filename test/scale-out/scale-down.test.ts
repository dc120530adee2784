import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../../src/config/load-config.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { seattleDays, type SeattleDay } from '../../examples/seattle-weather/seattle-days.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { ModelRoutingSpanProcessor } from '../helpers/model-router.js';

/*
 * Scaling down: replica a is stopped with `scale_out.drain_timeout`. It refuses data
 * at once (503), the router sends its model to b, b asks a for it, a hands it over and
 * then stops, long before its drain time is up. The model's verdict on b is the
 * single processor's: nothing a held was lost with it.
 */
const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 1;
const DRAIN_MS = 15_000;
const days = seattleDays();
const month = (day: SeattleDay) => Number(day.date.slice(5, 7));
const cases = {
  leaving: { reference: days.filter((d) => [12, 1, 2].includes(month(d))), window: days.filter((d) => [6, 7, 8].includes(month(d))), owner: 'a' },
  staying: { reference: days.filter((d) => [3, 4, 5].includes(month(d))), window: days.filter((d) => [9, 10, 11].includes(month(d))), owner: 'b' },
} as const;
type ModelName = keyof typeof cases;
const processors = new Map<string, Processor>();
const published = new Map<string, WindowSignals[]>();

before(async () => {
  const ports = { a: await freePort(), b: await freePort() };
  const peers = `"http://127.0.0.1:${ports.a}", "http://127.0.0.1:${ports.b}"`;
  for (const name of ['a', 'b', 'single'] as const) {
    published.set(name, []);
    processors.set(name, new Processor(parseConfig([
      `receiver: { port: ${name === 'single' ? 0 : ports[name]}, grpc_port: 0 }`, 'prometheus: { port: 0 }', 'ui: { enabled: false }',
      'windows: { duration: 1h, min_records: 50 }',
      // Only a leaves: b's own shutdown, at the end, need not wait for anyone to ask.
      ...(name === 'single' ? [] : [`scale_out: { peers: [${peers}]${name === 'a' ? `, drain_timeout: ${DRAIN_MS}ms` : ''} }`]),
      'models:',
      ...Object.entries(cases).map(([model, { reference }]) => `  - { name: ${model}, reference: { size: ${reference.length} } }`),
    ].join('\n'), { name: `${name}.yaml`, baseDir: process.cwd() }), {
      now: () => NOW,
      windowListener: { publish: (signals) => published.get(name)!.push(signals) },
    }));
  }
  await Promise.all([...processors.values()].map((p) => p.start()));
});

after(async () => {
  await Promise.all([...processors.values()].map((p) => p.shutdown()));
});

const urlOf = (name: string) => `http://127.0.0.1:${processors.get(name)!.receiver.address().port}`;

test('a replica stopped with a drain hands its model to the replica that gets its traffic, and nothing is lost', { timeout: 60_000 }, async () => {
  const exporterTo = (name: string): SpanProcessor => new BatchSpanProcessor(new OTLPTraceExporter({ url: `${urlOf(name)}/v1/traces` }), { scheduledDelayMillis: 50, maxQueueSize: 10_000 });
  const router = new ModelRoutingSpanProcessor(new Map(['a', 'b'].map((name) => [name, exporterTo(name)])));
  const provider = new BasicTracerProvider({ spanProcessors: [router, exporterTo('single')] });
  const tracer = provider.getTracer('scale-down');
  const predict = (model: ModelName, day: SeattleDay) => tracer.startSpan('predict', {
    attributes: {
      'ml.model.name': model, 'ml.model.version': '1', 'ml.feature.precipitation': day.precipitation, 'ml.feature.temp_max': day.temp_max,
      'ml.feature.wind': day.wind, 'ml.feature.weather': day.weather, 'ml.prediction': day.precipitation > 0 ? 'rain' : 'sun',
    },
  }).end();
  let stoppedInMs: number;
  try {
    for (const [model, { owner }] of Object.entries(cases)) router.assignment.set(model, owner);
    for (const [model, { reference, window }] of Object.entries(cases)) {
      for (const day of [...reference, ...window.slice(0, 100)]) predict(model as ModelName, day);
    }
    await provider.forceFlush();
    const a = processors.get('a')!;
    await until(() => a.registry.has('leaving', '1'), 'a to start the model once its peers said they had none');

    const started = Date.now();
    const stopped = a.shutdown().then(() => (stoppedInMs = Date.now() - started));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await fetch(`${urlOf('a')}/v1/traces`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: encodeTracesJsonRequest([{ 'ml.model.name': 'leaving', 'ml.feature.wind': 1 }]),
    });
    assert.equal(refused.status, 503, 'a draining replica refuses data');
    assert.ok(refused.headers.get('retry-after') !== null);
    assert.ok(a.registry.has('leaving', '1'), 'and still holds its model');

    router.assignment.set('leaving', 'b');
    for (const [model, { window }] of Object.entries(cases)) for (const day of window.slice(100)) predict(model as ModelName, day);
    await provider.forceFlush();
    await stopped;
  } finally {
    await provider.shutdown();
  }
  assert.ok(stoppedInMs! < DRAIN_MS / 2, `a stopped once it held nothing (${stoppedInMs!} ms), not at the end of its drain`);
  assert.deepEqual(published.get('a'), [], 'a judged nothing: its model went to b whole');
  for (const name of ['b', 'single']) {
    processors.get(name)!.registry.closeWindows(NOW + 1);
    await processors.get(name)!.registry.settled();
  }
  for (const model of Object.keys(cases)) {
    const verdict = (name: string) => {
      const found = published.get(name)!.filter((s) => s.model === model && s.evaluated);
      assert.equal(found.length, 1, `${name}: one verdict of ${model}`);
      return { ...found[0], features: found[0].features.map(({ exemplar: _exemplar, ...feature }) => feature) };
    };
    assert.deepEqual(verdict('b'), verdict('single'), `${model}: b's verdict is the single processor's`);
    assert.equal(verdict('b').records, cases[model as ModelName].window.length);
  }
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
