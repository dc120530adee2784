/**
 * Ingest benchmark of `modelwatch serve` (issue 3, item 10): records per second
 * through HTTP + decode + extraction + window profiles for OTLP/HTTP protobuf and
 * JSON (and protobuf over OTLP/gRPC, against HTTP protobuf), against the decode-only throughput of the same bodies measured in the same
 * run (target: end to end at least 60% of decode only); request latency; and the
 * processor's memory with 50 models x 30 features as records grow to 5 million
 * (target: flat once the references are collected); and what HTTP alone allows (a
 * bare server that reads, or reads and decodes, the same bodies: bench/ingest-http-ceiling.ts),
 * and the event loop with one extraction thread (the thread ceiling: a thread that answers
 * from a cache, bench/replay-extraction-worker.ts).
 *
 * Run: npm run bench:ingest  (node --expose-gc dist/bench/ingest.js; prints JSON)
 * Options: --quick shortens every phase (a smoke run; the figures are not the benchmark's);
 * --memory-calibrated keeps threshold calibration on in the memory phase, as the
 * processor's defaults have it (several minutes more: see MemoryPlan.calibrate).
 */
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { endToEnd, type EndToEndPlan, type EndToEndResult } from './ingest-end-to-end.js';
import { httpCeiling, type HttpCeilingResult, type HttpCeilingWork } from './ingest-http-ceiling.js';
import { decodeAndConsume, decodeOnly, tableDecodeOnly, type Encoding, type InProcessTiming, type Throughput } from './ingest-in-process.js';
import { LoadGenerator } from './ingest-load.js';
import { memoryGrowth, type MemoryPlan, type MemorySample } from './ingest-memory.js';
import { ingestPayloads, THROUGHPUT_SHAPE, type IngestPayloads, type PayloadShape } from './ingest-payloads.js';
import { startBenchProcessor } from './ingest-processor.js';
import { WindowCloseTimer } from './ingest-window-closes.js';
import { machine } from './machine.js';

const QUICK = process.argv.includes('--quick');
const MEMORY_CALIBRATED = process.argv.includes('--memory-calibrated');
const TARGET_SHARE = 0.6;
/** receiver.extraction_threads of the threaded run: one more thread, on this 2-core machine. */
const EXTRACTION_THREADS = 1;
const ENCODINGS: readonly Encoding[] = ['protobuf', 'json'];

const MEMORY_SHAPE: PayloadShape = { models: 50, numericFeatures: 24, categoricalFeatures: 6, spansPerRequest: 512, requests: 16, seed: 7 };
const DECODE_TIMING: InProcessTiming = QUICK ? { runs: 3, minMillis: 200, warmup: 20 } : { runs: 5, minMillis: 500, warmup: 40 };
const END_TO_END: EndToEndPlan = QUICK
  ? { warmupMs: 2_000, calmCloseMs: 1_000, maxWarmupMs: 30_000, runs: 3, runMs: 1_000, concurrency: 4, awaitClose: true }
  : { warmupMs: 3_000, calmCloseMs: 1_000, maxWarmupMs: 90_000, runs: 5, runMs: 3_000, concurrency: 4, awaitClose: true };
/** The bare HTTP server's runs (bench/ingest-http-ceiling.ts): no windows, no calibration to wait for. */
const HTTP_CEILING = { warmupMs: END_TO_END.warmupMs, runs: END_TO_END.runs, runMs: END_TO_END.runMs, concurrency: END_TO_END.concurrency };
/** Short windows: many closes, so their verdicts' cost is in the figures (the memory phase too). */
const WINDOW = '1s';
/** `modelwatch serve`'s default: the steady state a user runs; closes are rare next to ingest. */
const DEFAULT_WINDOW = '60s';
/** The extraction thread of the thread ceiling: it answers the bodies it has seen from a cache. */
const REPLAY_SCRIPT = new URL('./replay-extraction-worker.js', import.meta.url);
/** What that thread spins a span before each answer (its environment variable; 0: the ceiling itself). */
const REPLAY_SPIN_US = Number(process.env.BENCH_REPLAY_SPIN_US ?? 0);
if (!(REPLAY_SPIN_US >= 0)) throw new Error(`BENCH_REPLAY_SPIN_US must be a number of µs >= 0, got ${process.env.BENCH_REPLAY_SPIN_US}`);
/** Milestones past `httpRecords` are fed in process; with calibration on, HTTP alone would not fit the time budget. */
const MEMORY: MemoryPlan = {
  milestones: QUICK ? [100_000, 200_000, 300_000] : [100_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000],
  window: WINDOW,
  httpRecords: MEMORY_CALIBRATED ? (QUICK ? 200_000 : 1_000_000) : Infinity,
  concurrency: 4,
  calibrate: MEMORY_CALIBRATED,
};

const CLIENT_CHOICE = 'a child process (node:http, keep-alive Agent, '
  + `${END_TO_END.concurrency} requests in flight on ${END_TO_END.concurrency} connections), so the client's CPU does not come out `
  + "of the processor's: on 2 cores the processor's event loop gets one core, the client the other (V8's GC helper threads share them)";

function payloadFacts(payloads: IngestPayloads) {
  const mean = (list: readonly Buffer[]) => Math.round(list.reduce((sum, b) => sum + b.length, 0) / list.length);
  return {
    ...payloads.shape,
    attributesPerSpan: payloads.attributesPerSpan,
    meanProtobufBytes: mean(payloads.protobuf),
    meanJsonBytes: mean(payloads.json),
  };
}

interface EndToEndFigures {
  readonly results: Record<Encoding, EndToEndResult>;
  /** The protobuf bodies over OTLP/gRPC, to the same processor after the HTTP runs. */
  readonly grpcProtobuf: EndToEndResult;
  readonly inProcess: Record<Encoding, Throughput>;
  readonly models: number;
}

async function endToEndFigures(payloads: IngestPayloads, load: LoadGenerator, window = WINDOW): Promise<EndToEndFigures> {
  const processor = await startBenchProcessor({ window, calibrate: true, grpc: true });
  try {
    const closes = new WindowCloseTimer(processor.registry);
    await load.load(payloads);
    const results = {} as Record<Encoding, EndToEndResult>;
    const plan = { ...END_TO_END, awaitClose: window === WINDOW };
    for (const encoding of ENCODINGS) results[encoding] = await endToEnd(processor, load, closes, payloads, encoding, plan);
    const grpcProtobuf = await endToEnd(processor, load, closes, payloads, 'protobuf', plan, 'grpc');
    const inProcess = {} as Record<Encoding, Throughput>;
    for (const encoding of ENCODINGS) inProcess[encoding] = await decodeAndConsume(payloads, encoding, processor.registry, DECODE_TIMING);
    return { results, grpcProtobuf, inProcess, models: processor.registry.list().length };
  } finally {
    await processor.shutdown();
  }
}

/**
 * Protobuf over HTTP to a fresh processor that decodes and extracts on `threads` other
 * threads (receiver.extraction_threads), run by `script` when given (the thread ceiling).
 */
async function threadedFigures(payloads: IngestPayloads, load: LoadGenerator, threads: number, window = WINDOW, script?: URL): Promise<EndToEndResult> {
  const processor = await startBenchProcessor({ window, calibrate: true, extractionThreads: threads, ...(script === undefined ? {} : { extractionScript: script }) });
  try {
    const closes = new WindowCloseTimer(processor.registry);
    await load.load(payloads);
    return await endToEnd(processor, load, closes, payloads, 'protobuf', { ...END_TO_END, awaitClose: window === WINDOW });
  } finally {
    await processor.shutdown();
  }
}

function memorySummary(samples: readonly MemorySample[]) {
  const monitoring = samples.filter((s) => s.records > 0 && s.monitoring === MEMORY_SHAPE.models);
  const first = monitoring[0];
  const last = samples[samples.length - 1];
  const rss = monitoring.map((s) => s.rssMiB);
  const heap = monitoring.map((s) => s.heapUsedMiB);
  // Least-squares slope over the monitoring samples: what a leak would show, whatever the noise of one sample.
  const slope = (values: readonly number[]) => {
    const xs = monitoring.map((s) => s.records / 1e6);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = values.reduce((a, b) => a + b, 0) / values.length;
    const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    return xs.length < 2 || sxx === 0 ? null : Number((xs.reduce((sum, x, i) => sum + (x - mx) * (values[i] - my), 0) / sxx).toFixed(2));
  };
  return {
    fromRecords: first?.records,
    toRecords: last.records,
    rssGrowthMiB: first === undefined ? null : Number((last.rssMiB - first.rssMiB).toFixed(1)),
    rssRangeMiB: rss.length === 0 ? null : [Math.min(...rss), Math.max(...rss)],
    heapUsedGrowthMiB: first === undefined ? null : Number((last.heapUsedMiB - first.heapUsedMiB).toFixed(1)),
    heapUsedRangeMiB: heap.length === 0 ? null : [Math.min(...heap), Math.max(...heap)],
    rssSlopeMiBPerMillionRecords: slope(rss),
    heapUsedSlopeMiBPerMillionRecords: slope(heap),
  };
}

async function main(): Promise<void> {
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  const began = performance.now();
  const throughputPayloads = await ingestPayloads(THROUGHPUT_SHAPE);
  const memoryPayloads = await ingestPayloads(MEMORY_SHAPE);

  const decodeBefore = Object.fromEntries(ENCODINGS.map((e) => [e, decodeOnly(throughputPayloads, e, DECODE_TIMING)])) as Record<Encoding, Throughput>;
  const tableBefore = tableDecodeOnly(throughputPayloads, DECODE_TIMING);
  const load = LoadGenerator.start();
  let figures: EndToEndFigures;
  let defaultWindows: EndToEndFigures;
  let threaded: EndToEndResult;
  let threadedDefaultWindows: EndToEndResult;
  let threadCeiling: EndToEndResult;
  const bare = {} as Record<HttpCeilingWork, HttpCeilingResult>;
  let memory: MemorySample[];
  try {
    figures = await endToEndFigures(throughputPayloads, load);
    defaultWindows = await endToEndFigures(throughputPayloads, load, DEFAULT_WINDOW);
    threaded = await threadedFigures(throughputPayloads, load, EXTRACTION_THREADS);
    threadedDefaultWindows = await threadedFigures(throughputPayloads, load, EXTRACTION_THREADS, DEFAULT_WINDOW);
    threadCeiling = await threadedFigures(throughputPayloads, load, EXTRACTION_THREADS, DEFAULT_WINDOW, REPLAY_SCRIPT);
    for (const work of ['read', 'readAndDecode'] as const) bare[work] = await httpCeiling(load, throughputPayloads, work, HTTP_CEILING);
    memory = await memoryGrowth(load, memoryPayloads, MEMORY);
  } finally {
    load.close();
  }
  const decodeAfter = Object.fromEntries(ENCODINGS.map((e) => [e, decodeOnly(throughputPayloads, e, DECODE_TIMING)])) as Record<Encoding, Throughput>;
  const tableAfter = tableDecodeOnly(throughputPayloads, DECODE_TIMING);
  /** The faster of the two table decodes, as for the tree: so machine noise cannot flatter a ratio. */
  const tableOnly = tableBefore.spansPerSecond >= tableAfter.spansPerSecond ? tableBefore : tableAfter;

  /** The faster of the two whole-tree decode-only measurements, so machine noise cannot flatter a ratio. */
  const treeDecode = (encoding: Encoding) => Math.max(decodeBefore[encoding].spansPerSecond, decodeAfter[encoding].spansPerSecond);
  /** Over the decoder the receiver uses: the table for protobuf, the tree for JSON. */
  const ratioOf = (encoding: Encoding, spansPerSecond: number) => {
    const share = spansPerSecond / (encoding === 'protobuf' ? tableOnly.spansPerSecond : treeDecode(encoding));
    return { endToEndOverDecodeOnly: Number(share.toFixed(3)), target: TARGET_SHARE, met: share >= TARGET_SHARE };
  };
  const ratio = (encoding: Encoding, of: EndToEndFigures = figures) => ratioOf(encoding, of.results[encoding].spansPerSecond);
  /** gRPC protobuf end to end over HTTP protobuf end to end, same bodies, same processor, same run. */
  const grpcOverHttp = (of: EndToEndFigures) => Number((of.grpcProtobuf.spansPerSecond / of.results.protobuf.spansPerSecond).toFixed(3));
  /** For information: protobuf end to end over the whole-tree decoder, the receiver's until it decoded into tables. */
  const overTreeDecode = (of: EndToEndFigures) => Number((of.results.protobuf.spansPerSecond / treeDecode('protobuf')).toFixed(3));

  console.log(JSON.stringify({
    benchmark: 'ingest',
    quick: QUICK,
    machine: machine(),
    payload: {
      method: 'ExportTraceServiceRequests made by the OpenTelemetry JS SDK and serialized by @opentelemetry/otlp-transformer '
        + '(the SDK exporters\' code), protobuf and JSON from the same spans; each span one inference row (ml.model.name, '
        + 'ml.model.version, numeric and categorical ml.feature.*, ml.prediction), spans round-robin over the models; '
        + 'built once before timing, sent in turn',
      throughput: payloadFacts(throughputPayloads),
      memory: payloadFacts(memoryPayloads),
    },
    decodeOnly: {
      method: `decodeTracesProtobuf(body) / decodeTracesJson(body.toString('utf8')) (the whole-tree decode: the baseline for JSON, which the `
        + 'receiver decodes so; protobuf /v1/traces it decodes into a SpanTable: see table), on the same bodies in turn, '
        + `on the main thread with nothing else running; median of ${DECODE_TIMING.runs} runs of >= ${DECODE_TIMING.minMillis} ms after `
        + `${DECODE_TIMING.warmup} warm-up decodes; measured before and after the end-to-end runs`,
      before: decodeBefore,
      after: decodeAfter,
      table: {
        method: 'the baseline for protobuf: decodeTracesTable(body), what the receiver does with a protobuf /v1/traces body '
          + 'for the processor (the same fields and checks as the tree, as columns: no object or Map per span, attribute keys compared '
          + 'with those at the same position of the span before, numbers in a Float64Array); same timing, each after the tree\'s '
          + 'decode-only runs, before and after the end-to-end runs; protobuf: the faster of the two, which every protobuf ratio is over',
        protobuf: tableOnly,
        before: tableBefore,
        after: tableAfter,
        endToEndOverTreeForInformation: { protobuf: overTreeDecode(figures), protobufDefaultWindows: overTreeDecode(defaultWindows) },
      },
    },
    endToEnd: {
      method: `a running Processor (receiver on 127.0.0.1 port 0, Prometheus off, no OTLP push, ${WINDOW} windows closed by its `
        + `scheduler, references of the first 1,000 rows per model version from traffic); client: ${CLIENT_CHOICE}; `
        + `per encoding a warm-up of ${END_TO_END.warmupMs} ms slices until one whose verdicts all came out within ${END_TO_END.calmCloseMs} ms of their window's close `
        + `(the first windows wait for threshold calibrations on the worker thread; at most ${END_TO_END.maxWarmupMs} ms; every model version is checked to be `
        + 'monitoring after it, so the timed runs are steady-state monitoring, not reference collection), '
        + `then ${END_TO_END.runs} runs of ${END_TO_END.runMs} ms; spans/s and MB/s `
        + 'of the median run (client side: first request sent to last response); every response checked 200 and every span accepted '
        + '(receiver counters); latency: send to last response byte, nearest-rank percentiles over all timed requests; '
        + 'processorCpuCores: process CPU time / wall time',
      modelVersions: figures.models,
      protobuf: figures.results.protobuf,
      json: figures.results.json,
      grpcProtobuf: {
        method: 'the same protobuf bodies as ExportTraceServiceRequests over OTLP/gRPC (unary TraceService/Export, uncompressed) to the '
          + `same processor's gRPC receiver, after the HTTP runs, same warm-up and runs; client: the same child process with grpc-js, `
          + `${END_TO_END.concurrency} calls in flight, each on its own channel; every call checked OK and every span accepted (the gRPC receiver's counters); `
          + 'overHttpProtobuf: its spans/s over the HTTP protobuf figure above',
        ...figures.grpcProtobuf,
        overHttpProtobuf: grpcOverHttp(figures),
      },
    },
    ratio: {
      method: 'end-to-end spans/s over decode-only spans/s of the decoder the receiver uses: the table decoder for protobuf, '
        + 'the tree for JSON (each the faster of its before and after measurements)',
      protobuf: ratio('protobuf'),
      json: ratio('json'),
    },
    extractionThreads: {
      method: `protobuf over HTTP as endToEnd above (${WINDOW} windows, the same warm-up and runs), to a fresh processor with `
        + `receiver.extraction_threads: ${EXTRACTION_THREADS}: requests decoded and extracted on another thread, the profiles kept on the event loop; `
        + 'ratio: over the same table decode as ratio.protobuf',
      protobuf: { ...threaded, ratio: ratioOf('protobuf', threaded.spansPerSecond) },
      overInPlace: Number((threaded.spansPerSecond / figures.results.protobuf.spansPerSecond).toFixed(3)),
      defaultWindows: {
        method: `the same with serve's default ${DEFAULT_WINDOW} windows, as defaultWindows below`,
        protobuf: { ...threadedDefaultWindows, ratio: ratioOf('protobuf', threadedDefaultWindows.spansPerSecond) },
        overInPlace: Number((threadedDefaultWindows.spansPerSecond / defaultWindows.results.protobuf.spansPerSecond).toFixed(3)),
      },
    },
    threadCeiling: {
      method: `what the event loop allows with one extraction thread: extractionThreads.defaultWindows again, but the thread runs `
        + 'bench/replay-extraction-worker.ts, which extracts each of the bodies once and then answers it from a cache (the same answer, '
        + 'its columns copied into the memory lent): the event loop does all it does with the real thread while the other core is nearly '
        + 'idle, so no extraction thread, however fast, could give more here; ratio: over the same table decode as ratio.protobuf; '
        + 'spinMicrosPerSpan: BENCH_REPLAY_SPIN_US, how long the thread spun a span before each answer (a thread that extracted that fast)',
      spinMicrosPerSpan: REPLAY_SPIN_US,
      protobuf: { ...threadCeiling, ratio: ratioOf('protobuf', threadCeiling.spansPerSecond) },
    },
    httpCeiling: {
      method: 'what HTTP alone allows: the same client and protobuf bodies to a bare node:http server in this process (no processor '
        + 'running) that reads each body with the receiver\'s own reader and answers 200 with an empty body (read), or also decodes it '
        + `with the table decoder (readAndDecode: the most any processor could reach here); a warm-up of ${HTTP_CEILING.warmupMs} ms, then `
        + `${HTTP_CEILING.runs} runs of ${HTTP_CEILING.runMs} ms; overTableDecode: over the same table decode as ratio.protobuf`,
      read: bare.read,
      readAndDecode: { ...bare.readAndDecode, overTableDecode: Number((bare.readAndDecode.spansPerSecond / tableOnly.spansPerSecond).toFixed(3)) },
    },
    defaultWindows: {
      method: `the same end-to-end measurement on a fresh processor with serve's default ${DEFAULT_WINDOW} windows: the timed runs see `
        + 'no close (a close every minute judges each feature once, milliseconds each); the warm-up waits for the calibration thread to be idle',
      protobuf: { ...defaultWindows.results.protobuf, ratio: ratio('protobuf', defaultWindows) },
      json: { ...defaultWindows.results.json, ratio: ratio('json', defaultWindows) },
      grpcProtobuf: { ...defaultWindows.grpcProtobuf, overHttpProtobuf: grpcOverHttp(defaultWindows) },
    },
    inProcessPipeline: {
      method: 'diagnostic: decode as the receiver does (protobuf: decodeTracesTable + SpanExtractor.consumeSpanTable; JSON: the tree + consumeTraces) '
        + '+ the same processor\'s model registry (window profiles), no HTTP, on the main thread, '
        + 'yielding to the event loop after each request so windows still close; same timing as decodeOnly',
      protobuf: figures.inProcess.protobuf,
      json: figures.inProcess.json,
    },
    memory: {
      method: `a fresh Processor as above${MEMORY.calibrate ? '' : ' but with drift.calibrate: false (a calibration round of 50 x 31 features is about a minute of a core here, on the worker thread; --memory-calibrated keeps it on)'}, `
        + `${MEMORY_SHAPE.models} models x ${MEMORY_SHAPE.numericFeatures + MEMORY_SHAPE.categoricalFeatures} `
        + `features (${MEMORY_SHAPE.numericFeatures} numeric, ${MEMORY_SHAPE.categoricalFeatures} categorical, plus ml.prediction), `
        + `${WINDOW} windows closed by its scheduler; records are spans (1 row each), ${MEMORY_SHAPE.requests} distinct protobuf bodies in turn: `
        + (MEMORY.httpRecords === Infinity ? 'all sent over HTTP by the client process; '
          : `up to ${MEMORY.httpRecords} records sent over HTTP by the client process, the rest handed in process to a SpanExtractor feeding `
          + 'the same processor\'s model registry (extraction + profiles, from the bodies decoded once, no HTTP, no decode: for time), '
          + 'yielding to the event loop after each request so the scheduler still closes windows (see each sample\'s feed); ')
        + 'at each milestone sending pauses, global.gc() runs twice, and process.memoryUsage() of the processor\'s process is read (it also holds the benchmark\'s bodies, a constant)',
      calibrate: MEMORY.calibrate,
      samples: memory,
      summary: memorySummary(memory),
    },
    seconds: Number(((performance.now() - began) / 1000).toFixed(1)),
  }, null, 2));
}

await main();
