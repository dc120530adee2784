import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import type { FeatureSignal, WindowSignals } from '../../src/pipeline/window-signals.js';
import { InferenceRecorder } from '../../instrumentation/inference-recorder.js';
import { InProcessMetrics } from '../../instrumentation/in-process-metrics.js';
import { instrumentModel } from '../../instrumentation/instrument-model.js';
import { seattleDays, type SeattleDay } from '../../examples/seattle-weather/seattle-days.js';
import { representativeError } from '../../src/profiles-mode/exponential-buckets.js';
import { seededUniform } from '../../src/evaluate/calibration/seeded-random.js';

/*
 * A fleet of three app replicas, each with the real instrumentation and the OTel SDK's
 * OTLP/HTTP exporters, sends Seattle's weather to one processor on loopback twice:
 * as profiles (metrics only, no raw value) and as spans. Two models each way:
 * "shift" (winter reference, summer window) and "stable" (a random half of the winters
 * against the other half). Profiles mode must reach span mode's verdicts, and its
 * statistics must stay within the README's bounds of span mode's.
 */
const HOUR = 3_600_000;
// A fixed clock at the start of the hour: the scheduler's first close is an hour away, the test closes the windows itself.
const NOW = Math.floor(Date.now() / HOUR) * HOUR + 1;
const REPLICAS = 3;
const BATCH = 8;
const NUMERIC = ['precipitation', 'temp_max', 'temp_min', 'wind'] as const;

const days = seattleDays();
const month = (day: SeattleDay) => Number(day.date.slice(5, 7));
const winter = days.filter((d) => [12, 1, 2].includes(month(d)));
const summer = days.filter((d) => [6, 7, 8].includes(month(d)));
const shuffledWinter = shuffled(winter, 7);
const half = Math.floor(shuffledWinter.length / 2);
const cases = {
  shift: { reference: winter, window: summer },
  stable: { reference: shuffledWinter.slice(0, half), window: shuffledWinter.slice(half) },
};

let processor: Processor;
const published: WindowSignals[] = [];

before(async () => {
  processor = new Processor(parseConfig([
    'receiver: { port: 0, grpc_port: 0 }',
    'windows: { duration: 1h, min_records: 50 }',
    'ui: { enabled: false }',
    'models:',
    ...Object.entries(cases).flatMap(([name, { reference }]) => [
      `  - { name: ${name}-profiles, reference: { size: ${reference.length} } }`,
      `  - { name: ${name}-spans, reference: { size: ${reference.length} } }`,
    ]),
  ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }), {
    now: () => NOW,
    windowListener: { publish: (signals) => published.push(signals) },
  });
  await processor.start();
});

after(async () => {
  await processor?.shutdown();
});

/** One replica: its own resource, recorder, in-process metrics and exporters, as a pod of the fleet would have. */
function replica(index: number, url: string) {
  const resource = resourceFromAttributes({ 'service.name': 'weather', 'service.instance.id': `replica-${index}` });
  const metrics = new InProcessMetrics();
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }), exportIntervalMillis: 600_000, metricProducers: [metrics],
    })],
  });
  // Batched: a SimpleSpanProcessor exports each span at once, and past the exporter's 30 concurrent exports it drops the span.
  const tracerProvider = new BasicTracerProvider({
    resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }), { scheduledDelayMillis: 50, maxQueueSize: 10_000 })],
  });
  const recorder = new InferenceRecorder(tracerProvider.getTracer('modelwatch'), meterProvider.getMeter('modelwatch'), metrics);
  const predictors = new Map<string, (rows: SeattleDay[]) => string[]>();
  for (const model of Object.keys(cases)) {
    for (const mode of ['profiles', 'spans'] as const) {
      predictors.set(`${model}-${mode}`, instrumentModel(
        (rows: SeattleDay[]) => rows.map((r) => (r.precipitation > 0 ? 'rain' : 'sun')),
        { name: `${model}-${mode}`, version: '1', mode, featureNames: [...NUMERIC, 'weather'], readInput: ([rows]) => (rows as SeattleDay[]).map(inputsOf) },
        recorder,
      ));
    }
  }
  return {
    predict: (model: string, rows: SeattleDay[]) => predictors.get(model)!(rows),
    flush: async () => {
      await meterProvider.forceFlush();
      await tracerProvider.forceFlush();
    },
    shutdown: async () => {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

function inputsOf(day: SeattleDay): Record<string, number | string> {
  return { precipitation: day.precipitation, temp_max: day.temp_max, temp_min: day.temp_min, wind: day.wind, weather: day.weather };
}

/** The rows dealt round-robin to the replicas in batches, to the model in both modes, then one export per replica. */
async function send(fleet: ReturnType<typeof replica>[], model: string, rows: SeattleDay[]): Promise<void> {
  for (let start = 0, call = 0; start < rows.length; start += BATCH, call++) {
    const batch = rows.slice(start, start + BATCH);
    fleet[call % fleet.length].predict(`${model}-profiles`, batch);
    fleet[call % fleet.length].predict(`${model}-spans`, batch);
  }
  for (const each of fleet) await each.flush();
}

test('a fleet in profiles mode reaches span mode\'s verdicts, within the stated bounds', { timeout: 60_000 }, async () => {
  const url = `http://127.0.0.1:${processor.receiver.address().port}`;
  const fleet = Array.from({ length: REPLICAS }, (_, i) => replica(i, url));
  try {
    for (const [model, { reference }] of Object.entries(cases)) await send(fleet, model, reference);
    // Each replica exports twice during the window: the second export is cumulative, so it counts only through its increment.
    for (const [model, { window }] of Object.entries(cases)) {
      await send(fleet, model, window.slice(0, Math.floor(window.length / 2)));
      await send(fleet, model, window.slice(Math.floor(window.length / 2)));
    }
  } finally {
    for (const each of fleet) await each.shutdown();
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  processor.registry.closeWindows(NOW + 1);
  await processor.registry.settled();

  const verdict = (model: string) => {
    const signals = published.find((s) => s.model === model && s.evaluated);
    assert.ok(signals, `a verdict for ${model}`);
    return signals;
  };
  for (const [name, { reference, window }] of Object.entries(cases)) {
    const profiles = verdict(`${name}-profiles`);
    const spans = verdict(`${name}-spans`);
    assert.equal(profiles.records, window.length, 'every record counted once, over the replicas and both exports');
    assert.equal(spans.records, window.length, 'and in span mode');
    const drifted = (signals: WindowSignals) => signals.features.filter((f) => f.drifted).map((f) => f.name).sort();
    assert.deepEqual(drifted(profiles), drifted(spans), `${name}: the same features drift in both modes`);
    if (name === 'shift') for (const feature of ['temp_max', 'temp_min']) assert.ok(drifted(profiles).includes(feature), `summer's ${feature} drifts`);
    else assert.deepEqual(drifted(profiles), [], 'a random split of the winters does not drift');

    const byName = (signals: WindowSignals) => new Map(signals.features.map((f) => [f.name, f]));
    const p = byName(profiles);
    const s = byName(spans);
    assert.deepEqual([...p.keys()].sort(), [...s.keys()].sort());
    // Categories are counted exactly: the window's and the reference's counts are the raw data's.
    const predicted = (d: SeattleDay) => (d.precipitation > 0 ? 'rain' : 'sun');
    exactCounts(p.get('weather')!, reference.map((d) => d.weather), window.map((d) => d.weather));
    exactCounts(p.get('ml.prediction')!, reference.map(predicted), window.map(predicted));
    for (const feature of NUMERIC) {
      const a = p.get(feature)!;
      const b = s.get(feature)!;
      assert.equal(a.quality.missingRatio, b.quality.missingRatio, `${feature}: missing ratio is exact`);
      const ref = reference.map((d) => d[feature]);
      const cur = window.map((d) => d[feature]);
      const epsilon = representativeError(scaleFor(ref.concat(cur)));
      const meanAbs = (xs: number[]) => xs.reduce((sum, x) => sum + Math.abs(x), 0) / xs.length;
      const wBound = epsilon * (meanAbs(ref) + meanAbs(cur));
      const wDiff = Math.abs(a.stats.wasserstein! - b.stats.wasserstein!);
      const ksBound = bandShare(ref, epsilon) + bandShare(cur, epsilon);
      const ksDiff = Math.abs(a.stats.ks! - b.stats.ks!);
      console.log(`${name} ${feature}: ε ${epsilon.toExponential(2)}; wasserstein ${b.stats.wasserstein!.toFixed(4)} spans, ${a.stats.wasserstein!.toFixed(4)} profiles, |Δ| ${wDiff.toExponential(2)} <= ${wBound.toExponential(2)}; ks |Δ| ${ksDiff.toExponential(2)} <= ${ksBound.toExponential(2)}`);
      assert.ok(wDiff <= wBound, `${name} ${feature}: wasserstein within ε·(mean|ref| + mean|cur|)`);
      assert.ok(ksDiff <= ksBound, `${name} ${feature}: ks within the share of values in a relative ε band`);
    }
  }
});

function exactCounts(signal: FeatureSignal, reference: string[], window: string[]): void {
  const bins = signal.bins!;
  assert.ok('categories' in bins, 'categorical bins');
  const count = (values: string[], category: string) => values.filter((v) => v === category).length;
  bins.categories.forEach((category, i) => {
    assert.equal(bins.reference[i], count(reference, category), `reference count of ${category}`);
    assert.equal(bins.current[i], count(window, category), `window count of ${category}`);
  });
  assert.equal(signal.quality.missingRatio, 0);
}

/**
 * The instrumentation's scale for these values: the finest (at most 20) at which each
 * sign's buckets span at most 160 indices, as its ExponentialHistogram chooses.
 */
function scaleFor(values: number[]): number {
  for (let scale = 20; scale >= -10; scale--) {
    const fits = [values.filter((x) => x > 0), values.filter((x) => x < 0).map((x) => -x)].every((side) => {
      if (side.length === 0) return true;
      const index = (x: number) => Math.ceil(Math.log2(x) * 2 ** scale) - 1;
      return Math.max(...side.map(index)) - Math.min(...side.map(index)) < 160;
    });
    if (fits) return scale;
  }
  return -10;
}

/**
 * The largest share of `values` that can lie within a relative ε of one point: how far
 * moving each value by at most ε|x| can move the empirical CDF at any t. Checked at
 * every value as t, and just above and below it.
 */
function bandShare(values: number[], epsilon: number): number {
  const sorted = Float64Array.from(values).sort();
  const reach = (2 * epsilon) / (1 - epsilon);
  let largest = 0;
  for (const t of sorted) {
    const low = t - reach * Math.abs(t);
    const high = t + reach * Math.abs(t);
    let inside = 0;
    for (const x of sorted) if (x >= low && x <= high && x !== 0) inside++;
    largest = Math.max(largest, inside / sorted.length);
  }
  return largest;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const uniform = seededUniform(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
