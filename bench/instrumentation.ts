/**
 * Overhead of the model instrumentation (issue 4, item 8): per predict call, for one
 * row and for a batch of 64 rows of 20 features (17 numeric, 3 categorical):
 * (a) the bare predict function (a linear model and a softmax over 3 classes),
 * (b) the same inside a span a user writes by hand with the same CONVENTIONS.md §1
 *     attributes (the baseline), and for reference, (b) with the two §3 per-call metrics,
 * (c) `instrumentModel` in spans mode (the §1 span, made active, and the §3 metrics),
 * (d) `instrumentModel` in profiles mode (the span without values, the §3 per-feature metrics),
 * (c) and (d) with the §3 metrics aggregated in process for a MetricReader's producer,
 * as `modelwatch/register` sets them up, and for reference both through the Metrics
 * API instead (an app whose own SDK setup does not add the producer).
 * Time (ns, median of RUNS runs, interleaved, after warm-up) and V8 heap bytes
 * allocated per call; targets: (c) ≤ 1.2 × (b) and (d) ≤ (b) in time.
 *
 * Run: npm run bench:instrumentation  (node --expose-gc dist/bench/instrumentation.js; prints JSON)
 * Options: --quick shortens every phase (a smoke run; the figures are not the benchmark's).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Attributes } from '@opentelemetry/api';
import { InferenceRecorder } from '../instrumentation/inference-recorder.js';
import { instrumentModel } from '../instrumentation/instrument-model.js';
import { InProcessMetrics } from '../instrumentation/in-process-metrics.js';
import { createInstruments } from '../instrumentation/instruments.js';
import { type Call, Measured, median, RUN_MILLIS } from './instrumentation-measure.js';
import { benchTelemetry, type BenchTelemetry } from './instrumentation-telemetry.js';
import { CLASSES, FEATURES, handWrittenBatch, handWrittenRow, makeRows, makeScorer, MODEL, type Row } from './instrumentation-workload.js';
import { machine } from './machine.js';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 7;
const ALLOCATION_RUNS = QUICK ? 1 : 3;
const WARMUP_MILLIS = QUICK ? 200 : 1_000;
const BATCH = 64;
const POOL_ROWS = 4096;
const METER = 'modelwatch-bench';
const TARGETS = { spansOverHandWritten: 1.2, profilesOverHandWritten: 1 };

interface Variants {
  readonly bare: Call;
  readonly handWrittenSpan: Call;
  readonly handWrittenSpanAndCallMetrics: Call;
  readonly instrumentModelSpans: Call;
  readonly instrumentModelProfiles: Call;
  readonly instrumentModelSpansViaApi: Call;
  readonly instrumentModelProfilesViaApi: Call;
}

/** The two recorders: metrics aggregated in process (register's setup), and through the Metrics API. */
interface Recorders {
  readonly inProcess: InferenceRecorder;
  readonly viaApi: InferenceRecorder;
}

/** The functions under test for one batch size, each called with the i-th input of a fixed pool. */
function variants(telemetry: BenchTelemetry, recorders: Recorders, rows: readonly Row[], batch: number): Variants {
  const scorer = makeScorer();
  const tracer = telemetry.tracerProvider.getTracer('bench-hand-written');
  const spans = { ...MODEL, classes: CLASSES };
  const profiles = { ...spans, name: `${MODEL.name}-profiles`, mode: 'profiles' as const };
  const profilesViaApi = { ...profiles, name: `${MODEL.name}-profiles-api` };
  const instruments = createInstruments(telemetry.meterProvider.getMeter(METER));
  /** Every variant over the same inputs: `pick(i)` is the i-th call's row (or batch). */
  const over = <I>(pick: (i: number) => I, predict: (input: I) => unknown, byHand: (input: I) => unknown, byHandWithMetrics: (input: I) => unknown): Variants => {
    const spansMode = instrumentModel(predict, spans, recorders.inProcess);
    const profilesMode = instrumentModel(predict, profiles, recorders.inProcess);
    const spansViaApi = instrumentModel(predict, spans, recorders.viaApi);
    const profilesModeViaApi = instrumentModel(predict, profilesViaApi, recorders.viaApi);
    return {
      bare: (i) => predict(pick(i)),
      handWrittenSpan: (i) => byHand(pick(i)),
      handWrittenSpanAndCallMetrics: (i) => byHandWithMetrics(pick(i)),
      instrumentModelSpans: (i) => spansMode(pick(i)),
      instrumentModelProfiles: (i) => profilesMode(pick(i)),
      instrumentModelSpansViaApi: (i) => spansViaApi(pick(i)),
      instrumentModelProfilesViaApi: (i) => profilesModeViaApi(pick(i)),
    };
  };
  if (batch === 1) {
    return over((i) => rows[i % rows.length], scorer.scoreRow, handWrittenRow(tracer, scorer), handWrittenRow(tracer, scorer, instruments));
  }
  const batches = Array.from({ length: Math.floor(rows.length / batch) }, (_, b) => rows.slice(b * batch, (b + 1) * batch));
  return over((i) => batches[i % batches.length], scorer.scoreBatch, handWrittenBatch(tracer, scorer), handWrittenBatch(tracer, scorer, instruments));
}

/** The span attributes with the span's own id taken out of the inference ids, to compare two spans. */
function withoutSpanId(attributes: Attributes, spanId: string): Attributes {
  const ids = attributes['ml.inference.id'];
  const strip = (id: unknown) => String(id).replace(spanId, '<span>');
  return { ...attributes, 'ml.inference.id': Array.isArray(ids) ? ids.map(strip) : strip(ids) };
}

/** Whether (b) and (c) put the same attributes on their spans for the same input. */
async function sameAttributes(telemetry: BenchTelemetry, set: Variants): Promise<{ same: boolean; differing: string[] }> {
  const attributesAfter = async (call: Call) => {
    call(0);
    const span = (await telemetry.lastSpan())!;
    return withoutSpanId(span.attributes, span.spanContext().spanId);
  };
  const byHand = await attributesAfter(set.handWrittenSpan);
  const instrumented = await attributesAfter(set.instrumentModelSpans);
  const keys = [...new Set([...Object.keys(byHand), ...Object.keys(instrumented)])];
  const differing = keys.filter((key) => !isDeepStrictEqual(byHand[key], instrumented[key]));
  return { same: differing.length === 0, differing };
}

function figures(measured: Measured) {
  return {
    nsPerCall: Math.round(median(measured.nsPerCall)),
    bytesPerCall: Math.round(median(measured.bytesPerCall)),
    callsPerRun: measured.callsPerRun,
    calls: measured.calls,
    runsNsPerCall: measured.nsPerCall.map(Math.round),
  };
}

async function measureBatch(telemetry: BenchTelemetry, recorders: Recorders, rows: readonly Row[], batch: number) {
  const set = variants(telemetry, recorders, rows, batch);
  const attributes = await sameAttributes(telemetry, set);
  const all = Object.entries(set).map(([name, call]) => new Measured(name, call));
  for (const m of all) await m.warmUp(WARMUP_MILLIS);
  for (let run = 0; run < RUNS; run++) for (const m of all) await m.timeRun();
  for (let run = 0; run < ALLOCATION_RUNS; run++) for (const m of all) await m.allocationRun();
  const byName = Object.fromEntries(all.map((m) => [m.name, figures(m)])) as Record<keyof Variants, ReturnType<typeof figures>>;
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  /** Median over runs of the run's ratio: runs are interleaved, so a slow stretch of the machine cancels out. */
  const paired = (a: Measured, b: Measured) => ratio(median(a.nsPerCall.map((ns, run) => ns / b.nsPerCall[run])), 1);
  const measured = Object.fromEntries(all.map((m) => [m.name, m])) as Record<keyof Variants, Measured>;
  const handWritten = byName.handWrittenSpan;
  return {
    batch,
    ...byName,
    ratios: {
      spansOverHandWritten: { time: ratio(byName.instrumentModelSpans.nsPerCall, handWritten.nsPerCall),
        timePaired: paired(measured.instrumentModelSpans, measured.handWrittenSpan), target: TARGETS.spansOverHandWritten,
        met: byName.instrumentModelSpans.nsPerCall <= TARGETS.spansOverHandWritten * handWritten.nsPerCall,
        bytes: ratio(byName.instrumentModelSpans.bytesPerCall, handWritten.bytesPerCall) },
      profilesOverHandWritten: { time: ratio(byName.instrumentModelProfiles.nsPerCall, handWritten.nsPerCall),
        timePaired: paired(measured.instrumentModelProfiles, measured.handWrittenSpan), target: TARGETS.profilesOverHandWritten,
        met: byName.instrumentModelProfiles.nsPerCall <= TARGETS.profilesOverHandWritten * handWritten.nsPerCall,
        bytes: ratio(byName.instrumentModelProfiles.bytesPerCall, handWritten.bytesPerCall) },
      spansOverHandWrittenWithCallMetrics: { time: ratio(byName.instrumentModelSpans.nsPerCall, byName.handWrittenSpanAndCallMetrics.nsPerCall),
        timePaired: paired(measured.instrumentModelSpans, measured.handWrittenSpanAndCallMetrics),
        bytes: ratio(byName.instrumentModelSpans.bytesPerCall, byName.handWrittenSpanAndCallMetrics.bytesPerCall) },
      spansViaApiOverHandWritten: { time: ratio(byName.instrumentModelSpansViaApi.nsPerCall, handWritten.nsPerCall),
        timePaired: paired(measured.instrumentModelSpansViaApi, measured.handWrittenSpan) },
      profilesViaApiOverHandWritten: { time: ratio(byName.instrumentModelProfilesViaApi.nsPerCall, handWritten.nsPerCall),
        timePaired: paired(measured.instrumentModelProfilesViaApi, measured.handWrittenSpan) },
    },
    checks: { sameSpanAttributesByHandAndInstrumented: attributes },
    /** Spans started: every call but the bare ones, and the two of the attribute check. */
    spanCalls: all.filter((m) => m.name !== 'bare').reduce((sum, m) => sum + m.calls, 0) + 2,
  };
}

/** Rows recorded into `ml.feature.value` by a profiles-mode model, from the metrics the reader would export (the SDK's and the producer's). */
async function profiledValueCount(telemetry: BenchTelemetry, model: string): Promise<number> {
  const metrics = await telemetry.collect();
  let count = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== 'ml.feature.value') continue;
      for (const point of metric.dataPoints) {
        if (point.attributes['ml.model.name'] === model) count += (point.value as { count: number }).count;
      }
    }
  }
  return count;
}

async function main(): Promise<void> {
  const inProcessMetrics = new InProcessMetrics();
  const telemetry = benchTelemetry([inProcessMetrics]);
  const tracer = telemetry.tracerProvider.getTracer('modelwatch-bench');
  const meter = telemetry.meterProvider.getMeter(METER);
  const recorders = { inProcess: new InferenceRecorder(tracer, meter, inProcessMetrics), viaApi: new InferenceRecorder(tracer, meter) };
  const rows = makeRows(POOL_ROWS);
  const started = performance.now();
  const batch1 = await measureBatch(telemetry, recorders, rows, 1);
  const batch64 = await measureBatch(telemetry, recorders, rows, BATCH);
  await telemetry.tracerProvider.forceFlush();
  const spansExpected = batch1.spanCalls + batch64.spanCalls;
  const numericFeatures = FEATURES.filter((name) => typeof rows[0][name] === 'number').length;
  const profiledRows = batch1.instrumentModelProfiles.calls + BATCH * batch64.instrumentModelProfiles.calls;
  const profiledRowsViaApi = batch1.instrumentModelProfilesViaApi.calls + BATCH * batch64.instrumentModelProfilesViaApi.calls;
  const output = {
    benchmark: 'instrumentation',
    machine: machine(),
    setup: {
      workload: `rows of ${FEATURES.length} features (${numericFeatures} numeric, ${FEATURES.length - numericFeatures} categorical strings) as row objects; `
        + `a linear model + softmax over ${CLASSES.length} classes returning each row's probabilities; batch 1 calls predict(row), batch ${BATCH} predict(rows)`,
      sdk: 'NodeTracerProvider (BasicTracerProvider + AsyncLocalStorage context manager, registered), always-on sampler, BatchSpanProcessor '
        + 'into an exporter that drops spans; MeterProvider with one cumulative reader (collected once, at the end) given the in-process metrics as a producer, '
        + 'and the exponential-histogram view on ml.feature.value for the Metrics API variants',
      instrumentModel: 'instrumentModelSpans / instrumentModelProfiles: the §3 metrics aggregated in process (InProcessMetrics, as modelwatch/register sets up); '
        + '...ViaApi: the same through the Metrics API and the SDK (an app that does not give the producer to its reader)',
      handWrittenSpan: 'startSpan, predict, setAttributes with the same §1 attributes instrumentModel sets (keys built once), end; no active context, no metrics',
      handWrittenSpanAndCallMetrics: 'for reference: handWrittenSpan plus the two §3 per-call metrics instrumentModel records in both modes '
        + '(ml.inference.duration, ml.inference.records; attribute object built once)',
      ratios: 'time: ratio of the medians (met: against the target); timePaired: median over runs of the ratio within the run (the variants of a run are measured one after the other)',
      time: `median over ${RUNS} runs of ~${RUN_MILLIS} ms each, the variants interleaved, after ${WARMUP_MILLIS} ms of warm-up each; `
        + 'each run after an untimed full GC; calls timed in chunks of 128 with an untimed event-loop turn between chunks (the batch processor exports there)',
      bytes: `V8 heap bytes allocated per call, median of ${ALLOCATION_RUNS} runs: heap used after minus before a GC'd run, plus what each GC during it freed (v8.GCProfiler)`,
    },
    batch1: strip(batch1),
    batch64: strip(batch64),
    checks: {
      spansExported: telemetry.exporter.exported,
      spansExpected,
      profiledNumericValues: await profiledValueCount(telemetry, `${MODEL.name}-profiles`),
      profiledNumericValuesExpected: profiledRows * numericFeatures,
      profiledNumericValuesViaApi: await profiledValueCount(telemetry, `${MODEL.name}-profiles-api`),
      profiledNumericValuesViaApiExpected: profiledRowsViaApi * numericFeatures,
    },
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
  await telemetry.shutdown();
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

function strip<T extends { spanCalls: number }>(result: T): Omit<T, 'spanCalls'> {
  const { spanCalls: _, ...rest } = result;
  return rest;
}

await main();
