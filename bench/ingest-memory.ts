/**
 * Memory of a processor as records grow: many models with many features, short
 * windows closed by the processor's own scheduler, RSS and heap sampled after a full
 * garbage collection at record-count milestones. Records go through HTTP (the client
 * process) up to `httpRecords`; later ones are handed to the processor's model
 * registry in process through a SpanExtractor, from the same requests decoded once up
 * front (no HTTP, no decode), for when HTTP alone would take too long on a small
 * machine. Each sample says how its records arrived.
 */
import { SpanExtractor } from '../src/extract/span-extractor.js';
import type { Processor } from '../src/serve/processor.js';
import { DECODERS, yieldToEventLoop } from './ingest-in-process.js';
import type { LoadGenerator } from './ingest-load.js';
import type { IngestPayloads } from './ingest-payloads.js';
import { startBenchProcessor } from './ingest-processor.js';
import { WindowCloseTimer, type WindowCloseTimes } from './ingest-window-closes.js';

export interface MemoryPlan {
  /** Record counts at which memory is sampled, ascending; the last is the total. */
  readonly milestones: readonly number[];
  /** Window duration, e.g. `1s`. */
  readonly window: string;
  /** Milestones up to this many records are reached over HTTP, the later ones in process. */
  readonly httpRecords: number;
  readonly concurrency: number;
  /**
   * Threshold calibration (the processor's default). A calibration runs on the worker
   * thread the first time each feature meets a window-size bucket: with 50 models x 31
   * features one round is about a minute of a core, and irregular window sizes bring
   * several rounds, which does not fit a run of a few minutes; the calibration caches
   * are a few numbers per bucket.
   */
  readonly calibrate: boolean;
}

/** How the records up to a sample arrived. */
export type Feed = 'http' | 'in-process';

export interface MemorySample {
  readonly records: number;
  /** How the records since the previous sample arrived. */
  readonly feed: Feed;
  readonly seconds: number;
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
  /** Model versions monitoring (reference collected) at the sample. */
  readonly monitoring: number;
  /** Window closes since the previous sample, and the time they held the event loop. */
  readonly windowCloses: WindowCloseTimes;
  /** Records per second since the previous sample (sampling pauses excluded). */
  readonly recordsPerSecond: number;
}

const MiB = 2 ** 20;

/** Runs a fresh processor through the plan and samples its memory. */
export async function memoryGrowth(load: LoadGenerator, payloads: IngestPayloads, plan: MemoryPlan): Promise<MemorySample[]> {
  const processor = await startBenchProcessor({ window: plan.window, calibrate: plan.calibrate });
  const closes = new WindowCloseTimer(processor.registry);
  try {
    await load.load(payloads);
    const { port } = processor.receiver.address();
    const spansPerRequest = payloads.shape.spansPerRequest;
    const extractor = new SpanExtractor(processor.registry);
    const decoded = payloads.protobuf.map((body) => DECODERS.protobuf(body));
    const started = performance.now();
    const samples: MemorySample[] = [await sample(processor, 0, 'http', started, closes, NaN)];
    let records = 0;
    let next = 0;
    for (const milestone of plan.milestones) {
      const feed: Feed = milestone <= plan.httpRecords ? 'http' : 'in-process';
      const requests = Math.ceil((milestone - records) / spansPerRequest);
      const segmentStart = performance.now();
      if (feed === 'http') {
        const result = await load.run({ port, encoding: 'protobuf', concurrency: plan.concurrency, requests });
        if (result.statuses['200'] !== requests) throw new Error(`memory run: ${JSON.stringify(result.statuses)} for ${requests} requests`);
      } else {
        for (let i = 0; i < requests; i++) {
          const result = extractor.consumeTraces(decoded[next++ % decoded.length]);
          if (result.rejected > 0) throw new Error(`memory run: a request was rejected: ${result.message}`);
          await yieldToEventLoop();
        }
      }
      const segmentMs = performance.now() - segmentStart;
      records += requests * spansPerRequest;
      samples.push(await sample(processor, records, feed, started, closes, (requests * spansPerRequest) / (segmentMs / 1000)));
    }
    return samples;
  } finally {
    await processor.shutdown();
  }
}

async function sample(processor: Processor, records: number, feed: Feed, started: number, closes: WindowCloseTimer, rate: number): Promise<MemorySample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: the first collection can leave work for finalizers that the second reclaims.
  gc?.();
  await yieldToEventLoop();
  gc?.();
  const memory = process.memoryUsage();
  const mib = (bytes: number) => Number((bytes / MiB).toFixed(1));
  return {
    records,
    feed,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    rssMiB: mib(memory.rss),
    heapUsedMiB: mib(memory.heapUsed),
    heapTotalMiB: mib(memory.heapTotal),
    externalMiB: mib(memory.external),
    arrayBuffersMiB: mib(memory.arrayBuffers),
    monitoring: processor.registry.list().filter((state) => state.phase === 'monitoring').length,
    windowCloses: closes.take(),
    recordsPerSecond: Number.isFinite(rate) ? Math.round(rate) : 0,
  };
}
