/**
 * Where a protobuf span's time goes in `modelwatch serve`, stage by stage, on one
 * thread and the same request bodies as bench:ingest's throughput phase: what a
 * design that spreads ingest over threads has to work with (issue 3's target, end
 * to end >= 0.6 of decode only, is not met by one thread; see the README).
 *
 * Stages: the table decode (the target's baseline); decode + extraction into
 * InferenceBatch objects; the model registry taking already-extracted batches
 * (window profiles, retraining sample, join); all three as the receiver runs them
 * (through the processor's own extraction stage and the filter before its registry);
 * and the cost of handing extracted batches to another thread as
 * receiver.extraction_threads does (packing on the extraction thread, unpacking on
 * the event loop, timed apart, and unpacking with the registry taking the unpacked
 * batches, as the event loop does), with the ceiling that gives a two-thread split.
 *
 * Run: npm run bench:ingest-stages  (prints JSON; --quick for a smoke run)
 */
import { BatchPacker, BatchUnpacker } from '../src/extract/batch-transfer.js';
import type { InferenceBatch } from '../src/extract/inference-batch.js';
import { SpanExtractor } from '../src/extract/span-extractor.js';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import { decodeAndConsume, throughput, timedPasses, type InProcessTiming, type Throughput } from './ingest-in-process.js';
import { ingestPayloads, THROUGHPUT_SHAPE } from './ingest-payloads.js';
import { startBenchProcessor } from './ingest-processor.js';
import { machine } from './machine.js';

const QUICK = process.argv.includes('--quick');
const TIMING: InProcessTiming = QUICK ? { runs: 3, minMillis: 300, warmup: 20 } : { runs: 5, minMillis: 1_000, warmup: 40 };
const TARGET_SHARE = 0.6;

/** A request's batches, with where its spans' ids start in the body (what packing them for another thread needs). */
function extracted(body: Buffer) {
  const batches: InferenceBatch[] = [];
  const table = decodeTracesTable(body);
  new SpanExtractor({ acceptInferences: (batch) => batches.push(batch), acceptFeedback: () => undefined }).consumeSpanTable(table);
  return { body, batches, spanIdsAt: table.spanIdsAt, traceIdsAt: table.traceIdsAt };
}

const microsPerSpan = (figure: Throughput) => Number((1e6 / figure.spansPerSecond).toFixed(2));

async function main(): Promise<void> {
  const payloads = await ingestPayloads(THROUGHPUT_SHAPE);
  const spans = THROUGHPUT_SHAPE.spansPerRequest;
  const processor = await startBenchProcessor({ window: '60s', calibrate: false });
  try {
    // References collected and windows open before timing: steady-state monitoring.
    await decodeAndConsume(payloads, 'protobuf', processor.registry, { runs: 1, minMillis: 2_000, warmup: 40 });
    const registry = processor.registry;
    const time = <Body>(bodies: readonly Body[], pass: (body: Body) => void) => throughput(timedPasses(bodies, TIMING, pass), spans);

    const bodies = payloads.protobuf;
    const requests = bodies.map(extracted);
    const batches = requests.map((request) => request.batches);
    // Packed once in order by one packer (the first message clears the mirror, so unpacking them in turn again and again reads them right).
    const packer = new BatchPacker();
    const slabs = () => new SharedArrayBuffer(1 << 20);
    const packed = requests.map((request) => ({ body: request.body, sent: packer.pack(request.batches, request.spanIdsAt, request.traceIdsAt, slabs()) }));
    const unpacker = new BatchUnpacker();
    const lent = slabs();
    // The thread's packer in its steady state: the texts of these bodies coded once, kept.
    const steadyPacker = new BatchPacker();
    const stages = {
      tableDecode: time(bodies, (body) => decodeTracesTable(body)),
      decodeAndExtract: time(bodies, extracted),
      registryOnly: time(batches, (list) => {
        const accept = registry.requestAcceptor();
        for (const batch of list) accept(batch);
      }),
      // The processor's own extraction stage, with its limits and the profiles-mode filter in front of the registry.
      decodeExtractRegistry: time(bodies, (body) => processor.pipeline.spans.consumeSpanTable(decodeTracesTable(body))),
      // receiver.extraction_threads' hand-over (src/extract/batch-transfer.ts): packing on the extraction thread, unpacking on the event loop.
      pack: time(requests, (request) => steadyPacker.pack(request.batches, request.spanIdsAt, request.traceIdsAt, lent)),
      unpack: time(packed, ({ sent, body }) => unpacker.unpack(sent, body)),
      // What the event loop does with a request's batches from the thread: the registry reads unpacked columns, not extraction's own.
      unpackAndRegistry: time(packed, ({ sent, body }) => {
        const accept = registry.requestAcceptor();
        for (const batch of unpacker.unpack(sent, body)) accept(batch);
      }),
    };
    const micros = Object.fromEntries(Object.entries(stages).map(([name, figure]) => [name, microsPerSpan(figure)]));
    // Two threads on two cores, the split at extraction: the slower side sets the pace.
    const sender = micros.decodeAndExtract + micros.pack;
    const receiver = micros.unpackAndRegistry;
    const ceiling = Math.round(1e6 / Math.max(sender, receiver));
    console.log(JSON.stringify({
      benchmark: 'ingest-stages',
      quick: QUICK,
      machine: machine(),
      method: `one thread, the bench:ingest throughput bodies (${THROUGHPUT_SHAPE.models} models, ${THROUGHPUT_SHAPE.numericFeatures} numeric + `
        + `${THROUGHPUT_SHAPE.categoricalFeatures} categorical features, ${spans} spans a request), a processor with 60 s windows and no calibration, `
        + `warmed until every version monitors; median of ${TIMING.runs} runs of >= ${TIMING.minMillis} ms each; no HTTP`,
      spansPerSecond: Object.fromEntries(Object.entries(stages).map(([name, figure]) => [name, figure.spansPerSecond])),
      microsecondsPerSpan: micros,
      twoThreadSplit: {
        method: 'receiver.extraction_threads\' split: decode + extract + pack on one thread, unpack + registry on the other, each on a '
          + 'core of its own, nothing else running (no HTTP, no client, no moving of messages): the faster it could go. pack is timed '
          + 'with one packer kept across requests, as a thread keeps its own',
        senderMicrosPerSpan: Number(sender.toFixed(2)),
        receiverMicrosPerSpan: Number(receiver.toFixed(2)),
        ceilingSpansPerSecond: ceiling,
        overTableDecode: Number((ceiling / stages.tableDecode.spansPerSecond).toFixed(3)),
        target: TARGET_SHARE,
      },
    }, null, 2));
  } finally {
    await processor.shutdown();
  }
}

await main();
