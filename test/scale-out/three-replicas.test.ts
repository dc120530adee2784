import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../../src/config/load-config.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import type { WindowSignals } from '../../src/pipeline/window-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { seattleDays, type SeattleDay } from '../../examples/seattle-weather/seattle-days.js';
import { freePort } from '../helpers/free-port.js';
import { ModelRoutingSpanProcessor } from '../helpers/model-router.js';
import { parsePrometheusText } from '../helpers/prometheus-text.js';

/*
 * Three modelwatch replicas behind a router that sends each model's spans (and labels)
 * to one replica, as the Collector's load-balancing exporter does with
 * `routing_key: attributes` on `ml.model.name`; a fourth processor gets everything,
 * the single-processor baseline. Mid-window the router moves "shift" from replica a
 * to b: b, seeing it for the first time, asks its peers, a hands the model's state
 * over (reference, open window, the join's predictions), and b goes on. Every model's
 * verdict and observed performance must then equal the single processor's.
 */
const HOUR = 3_600_000;
// A fixed clock: the scheduler's first close is an hour away; the test closes the windows itself.
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 1;
const REPLICAS = ['a', 'b', 'c'] as const;
const SINGLE = 'single';

const days = seattleDays();
const month = (day: SeattleDay) => Number(day.date.slice(5, 7));
const winter = days.filter((d) => [12, 1, 2].includes(month(d)));
const summer = days.filter((d) => [6, 7, 8].includes(month(d)));
const spring = days.filter((d) => [3, 4, 5].includes(month(d)));
const autumn = days.filter((d) => [9, 10, 11].includes(month(d)));
const cases = {
  shift: { reference: winter, window: summer, owner: 'a' },
  seasons: { reference: spring, window: autumn, owner: 'b' },
  steady: { reference: winter.filter((_, i) => i % 2 === 0), window: winter.filter((_, i) => i % 2 === 1), owner: 'c' },
} as const;
type ModelName = keyof typeof cases;

const processors = new Map<string, Processor>();
const published = new Map<string, WindowSignals[]>();
const performance = new Map<string, PerformanceSignals[]>();
let prometheusPort: number;

before(async () => {
  const ports = new Map(await Promise.all(REPLICAS.map(async (name) => [name, await freePort()] as const)));
  prometheusPort = await freePort();
  const peers = [...ports.values()].map((port) => `"http://127.0.0.1:${port}"`).join(', ');
  for (const name of [...REPLICAS, SINGLE]) {
    const replica = name !== SINGLE;
    published.set(name, []);
    performance.set(name, []);
    processors.set(name, new Processor(parseConfig([
      `receiver: { port: ${replica ? ports.get(name as 'a') : 0}, grpc_port: 0 }`,
      `prometheus: { port: ${name === 'b' ? prometheusPort : 0} }`,
      'windows: { duration: 1h, min_records: 50 }',
      'feedback: { retain_predictions: always, min_labels: 30 }',
      'ui: { enabled: false }',
      ...(replica ? [`scale_out: { peers: [${peers}], handoff_timeout: 10s }`] : []),
      'models:',
      ...Object.entries(cases).map(([model, { reference }]) => `  - { name: ${model}, reference: { size: ${reference.length} } }`),
    ].join('\n'), { name: `${name}.yaml`, baseDir: process.cwd() }), {
      now: () => NOW,
      windowListener: {
        publish: (signals) => published.get(name)!.push(signals),
        publishPerformance: (signals) => performance.get(name)!.push(signals),
      },
    }));
  }
  await Promise.all([...processors.values()].map((p) => p.start()));
});

after(async () => {
  await Promise.all([...processors.values()].map((p) => p.shutdown()));
});

function urlOf(name: string): string {
  return `http://127.0.0.1:${processors.get(name)!.receiver.address().port}`;
}

/** The app: one tracer provider whose spans go both to the router and, whole, to the single processor. */
function app() {
  const exporterTo = (name: string): SpanProcessor => new BatchSpanProcessor(new OTLPTraceExporter({ url: `${urlOf(name)}/v1/traces` }), {
    maxExportBatchSize: 64, scheduledDelayMillis: 50, maxQueueSize: 10_000,
  });
  const router = new ModelRoutingSpanProcessor(new Map(REPLICAS.map((name) => [name, exporterTo(name)])));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather' }),
    spanProcessors: [router, exporterTo(SINGLE)],
  });
  const tracer = provider.getTracer('three-replicas');
  const predict = (model: ModelName, day: SeattleDay) => {
    tracer.startSpan('predict weather', {
      attributes: {
        'ml.model.name': model, 'ml.model.version': '1', 'ml.inference.id': `${model}-${day.date}`,
        'ml.feature.precipitation': day.precipitation, 'ml.feature.temp_max': day.temp_max, 'ml.feature.temp_min': day.temp_min,
        'ml.feature.wind': day.wind, 'ml.feature.weather': day.weather,
        'ml.prediction': predicted(day),
      },
    }).end();
  };
  return { router, provider, predict };
}

/** A model that says rain when it was wet: right on some days, wrong on others. */
function predicted(day: SeattleDay): string {
  return day.precipitation > 0 ? 'rain' : 'sun';
}

/** Labels go the spans' way: to the model's replica, and to the single processor. */
async function sendLabels(model: ModelName, replica: string, labelled: readonly SeattleDay[]): Promise<void> {
  const body = JSON.stringify(labelled.map((day) => ({ 'ml.model.name': model, 'ml.inference.id': `${model}-${day.date}`, 'ml.label': day.weather === 'sun' ? 'sun' : 'rain' })));
  for (const name of [replica, SINGLE]) {
    const response = await fetch(`${urlOf(name)}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(response.status, 200, await response.text());
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a model moved mid-window between three replicas ends with the single processor\'s verdicts and performance', { timeout: 60_000 }, async () => {
  const { router, provider, predict } = app();
  try {
    for (const [model, { owner }] of Object.entries(cases)) router.assignment.set(model, owner);
    for (const [model, { reference }] of Object.entries(cases)) for (const day of reference) predict(model as ModelName, day);
    const halves = Object.fromEntries(Object.entries(cases).map(([model, { window }]) => [model, Math.floor(window.length / 2)]));
    for (const [model, { window }] of Object.entries(cases)) for (const day of window.slice(0, halves[model])) predict(model as ModelName, day);
    await provider.forceFlush();
    // Labels of the first half, to a: the predictions they join are a's until the move.
    await sendLabels('shift', 'a', cases.shift.window.slice(0, 40));
    assert.ok(processors.get('a')!.registry.has('shift', '1'), 'a asked its peers (itself among them: told at once it has nothing) and started shift');

    // The ring changes: shift's spans and labels now go to b.
    router.assignment.set('shift', 'b');
    for (const [model, { window }] of Object.entries(cases)) for (const day of window.slice(halves[model])) predict(model as ModelName, day);
    await provider.forceFlush();
    await until(() => processors.get('b')!.registry.has('shift', '1'), 'b to take shift over');
    assert.equal(processors.get('a')!.registry.has('shift', '1'), false, 'a forgot shift when it handed it over');
    // Labels of predictions made on a, and of predictions made on b, all to b now.
    await sendLabels('shift', 'b', cases.shift.window.slice(40, 120));
    await sendLabels('shift', 'b', cases.shift.window.slice(-40));
    await sendLabels('seasons', 'b', cases.seasons.window.slice(0, 60));
  } finally {
    await provider.shutdown();
  }
  for (const processor of processors.values()) {
    processor.registry.closeWindows(NOW + 1);
    await processor.registry.settled();
  }

  for (const model of Object.keys(cases) as ModelName[]) {
    const single = onlyVerdict(SINGLE, model);
    const owners = REPLICAS.filter((name) => published.get(name)!.some((s) => s.model === model));
    assert.deepEqual(owners, [model === 'shift' ? 'b' : cases[model].owner], `${model}: judged by exactly one replica`);
    const replica = onlyVerdict(owners[0], model);
    assert.equal(replica.records, cases[model].window.length, `${model}: every window record counted once`);
    assert.deepEqual(comparable(replica), comparable(single), `${model}: the replica's verdict is the single processor's`);
  }
  assert.ok(onlyVerdict(SINGLE, 'shift').datasetDrifted, 'summer against winter drifts');

  // Observed performance: the join moved with the model, so labels of predictions made on a were joined on b.
  const lastPerformance = (name: string, model: string) => performance.get(name)!.filter((p) => p.model === model && p.source === 'observed').at(-1);
  const single = lastPerformance(SINGLE, 'shift');
  const moved = lastPerformance('b', 'shift');
  assert.ok(single !== undefined && moved !== undefined, 'observed performance of shift on both');
  assert.equal(single.labelled, 160);
  assert.deepEqual({ labelled: moved.labelled, coverage: moved.coverage, metrics: moved.metrics }, { labelled: single.labelled, coverage: single.coverage, metrics: single.metrics });
  assert.equal(processors.get('b')!.registry.referenceDigestOf({ model: 'shift', version: '1' }), processors.get(SINGLE)!.registry.referenceDigestOf({ model: 'shift', version: '1' }));

  const handoffs = parsePrometheusText(await scrape(`http://127.0.0.1:${prometheusPort}/metrics`)).samples
    .filter((s) => s.name === 'modelwatch_state_handoffs_total').map((s) => [s.labels.modelwatch_handoff_outcome, s.value] as const);
  assert.deepEqual(new Map(handoffs), new Map([['not_found', 1], ['imported', 1]]),
    'b asked for each model it saw first: seasons, new everywhere (so its own reference), and shift, which a had');
});

function onlyVerdict(name: string, model: string): WindowSignals {
  const verdicts = published.get(name)!.filter((s) => s.model === model && s.evaluated);
  assert.equal(verdicts.length, 1, `${name}: one verdict of ${model}`);
  return verdicts[0];
}

/** A verdict without what differs by where it was made: trace links. */
function comparable(signals: WindowSignals): unknown {
  return {
    ...signals,
    features: signals.features.map(({ exemplar: _exemplar, ...feature }) => feature),
  };
}

function scrape(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    }).on('error', reject);
  });
}
