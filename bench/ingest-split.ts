/**
 * A design question for issue 3's target (protobuf end to end >= 0.6 of decode
 * only), measured before building it: what does ingest reach when one thread decodes
 * and extracts and another keeps the profiles? No HTTP: the main thread posts the
 * benchmark bodies to a worker (ingest-split-worker.ts) that decodes and extracts
 * them and sends the batches back (split-batches.ts); the main thread hands them to a
 * running processor's model registry, as the receiver would, keeping `inFlight`
 * bodies at the worker.
 *
 * Baselines, same run: the table decode alone, and decode + extraction + registry on
 * one thread (what the processor does today). Only the benchmark's batch kinds are
 * sent; refusals, rejections and the other kinds are not handled: a prototype.
 *
 * Run: npm run bench:ingest-split  (prints JSON; --quick for a smoke run)
 */
import { Worker } from 'node:worker_threads';
import { decodeAndConsume, tableDecodeOnly, type InProcessTiming } from './ingest-in-process.js';
import { ingestPayloads, THROUGHPUT_SHAPE } from './ingest-payloads.js';
import { startBenchProcessor } from './ingest-processor.js';
import { machine } from './machine.js';
import { receiveBatches, type SentBatch } from './split-batches.js';
import type { Processor } from '../src/serve/processor.js';

const QUICK = process.argv.includes('--quick');
const TIMING: InProcessTiming = QUICK ? { runs: 3, minMillis: 300, warmup: 20 } : { runs: 5, minMillis: 1_000, warmup: 40 };
const RUN_MS = QUICK ? 500 : 3_000;
const RUNS = QUICK ? 2 : 3;
const IN_FLIGHT = [2, 4];
const spansPerRequest = THROUGHPUT_SHAPE.spansPerRequest;

interface SplitRun {
  readonly spansPerSecond: number;
  /** Share of the wall time the main thread spent taking batches into the registry. */
  readonly mainThreadBusy: number;
  readonly mainMicrosPerSpan: number;
  /** Process CPU time over wall time, both threads (and V8's helpers). */
  readonly processCores: number;
}

/** Keeps `inFlight` bodies at the worker for `ms`, taking each answer into the registry as it comes. */
function splitRun(worker: Worker, bodies: readonly Buffer[], processor: Processor, inFlight: number, ms: number): Promise<SplitRun> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = 0;
    let mainMs = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const send = () => {
      // A copy, moved: the receiver would keep its own body for the journal.
      const body = Uint8Array.from(bodies[sent++ % bodies.length]);
      worker.postMessage(body, [body.buffer]);
    };
    const onAnswer = (batches: SentBatch[]) => {
      const took = performance.now();
      const accept = processor.registry.requestAcceptor();
      for (const batch of receiveBatches(batches)) accept(batch);
      mainMs += performance.now() - took;
      answered++;
      if (performance.now() - start < ms) send();
      else if (answered === sent) {
        worker.off('message', onAnswer);
        const wall = performance.now() - start;
        const used = process.cpuUsage(cpu);
        resolve({
          spansPerSecond: Math.round((answered * spansPerRequest) / (wall / 1000)),
          mainThreadBusy: Number((mainMs / wall).toFixed(2)),
          mainMicrosPerSpan: Number(((mainMs * 1000) / (answered * spansPerRequest)).toFixed(2)),
          processCores: Number(((used.user + used.system) / 1000 / wall).toFixed(2)),
        });
      }
    };
    worker.on('message', onAnswer);
    for (let i = 0; i < inFlight; i++) send();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const payloads = await ingestPayloads(THROUGHPUT_SHAPE);
  const processor = await startBenchProcessor({ window: '60s', calibrate: false });
  const worker = new Worker(new URL('./ingest-split-worker.js', import.meta.url));
  try {
    // References collected and windows open before timing: steady-state monitoring.
    await decodeAndConsume(payloads, 'protobuf', processor.registry, { runs: 1, minMillis: 2_000, warmup: 40 });
    const tableDecode = tableDecodeOnly(payloads, TIMING);
    const oneThread = await decodeAndConsume(payloads, 'protobuf', processor.registry, TIMING);
    await splitRun(worker, payloads.protobuf, processor, 4, RUN_MS);
    const split: Record<string, unknown> = {};
    for (const inFlight of IN_FLIGHT) {
      const runs: SplitRun[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await splitRun(worker, payloads.protobuf, processor, inFlight, RUN_MS));
      const spansPerSecond = median(runs.map((run) => run.spansPerSecond));
      split[`inFlight${inFlight}`] = {
        spansPerSecond,
        overTableDecode: Number((spansPerSecond / tableDecode.spansPerSecond).toFixed(3)),
        overOneThread: Number((spansPerSecond / oneThread.spansPerSecond).toFixed(3)),
        runs,
      };
    }
    console.log(JSON.stringify({
      benchmark: 'ingest-split',
      quick: QUICK,
      machine: machine(),
      method: `the bench:ingest throughput bodies (${THROUGHPUT_SHAPE.models} models, ${THROUGHPUT_SHAPE.numericFeatures} numeric + `
        + `${THROUGHPUT_SHAPE.categoricalFeatures} categorical features, ${spansPerRequest} spans a request), a processor with 60 s windows and no `
        + `calibration, warmed until every version monitors; no HTTP. Baselines: median of ${TIMING.runs} runs of >= ${TIMING.minMillis} ms. `
        + `Split: a worker decodes and extracts, this thread takes the batches into the registry; ${RUNS} runs of ${RUN_MS} ms per setting, median`,
      baselines: { tableDecode: tableDecode.spansPerSecond, oneThread: oneThread.spansPerSecond },
      split,
      target: 0.6,
    }, null, 2));
  } finally {
    await worker.terminate();
    await processor.shutdown();
  }
}

await main();
