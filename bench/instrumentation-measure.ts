/**
 * Time and allocation per call of a function, as the instrumentation benchmark
 * measures them.
 *
 * Time: calls run in chunks of CHUNK; each chunk is timed with the monotonic clock
 * and the event loop gets a turn between chunks (not timed), so the SDK's batch span
 * processor hands its spans to the exporter as it would in a server, instead of
 * filling its queue and dropping spans (cheaper than keeping them). Each run starts
 * after a full GC (untimed), so no run pays for the garbage of the one before; the
 * collections a run's own garbage causes are timed. The figure is the median over
 * runs of the time per call; each run lasts about RUN_MILLIS.
 *
 * Allocation: bytes of V8 heap allocated per call, counted exactly even when the
 * garbage collector runs: after a full GC, heap used at the end minus at the start,
 * plus what every collection in between freed (v8.GCProfiler reports the heap used
 * before and after each). Off-heap memory (ArrayBuffer contents) is not counted; the
 * workload allocates none. Chunks and event-loop turns are as for time, so the
 * span processor's own allocations (its export promises) are counted too.
 */
import { GCProfiler } from 'node:v8';

const CHUNK = 128;
export const RUN_MILLIS = 400;

export type Call = (i: number) => unknown;

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run node with --expose-gc');
  gc();
}

/** Keeps results reachable, so the optimizer cannot drop a call. */
let sink: unknown;
export function lastResult(): unknown {
  return sink;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Nanoseconds spent in `calls` calls (event-loop turns excluded). */
async function timedCalls(call: Call, calls: number, from: number): Promise<number> {
  let elapsed = 0n;
  let i = from;
  const end = from + calls;
  while (i < end) {
    const chunkEnd = Math.min(end, i + CHUNK);
    const start = process.hrtime.bigint();
    for (; i < chunkEnd; i++) sink = call(i);
    elapsed += process.hrtime.bigint() - start;
    await yieldToEventLoop();
  }
  return Number(elapsed);
}

/** One function under test with its calls per run, sized during warm-up to last about RUN_MILLIS. */
export class Measured {
  readonly name: string;
  readonly #call: Call;
  #calls = CHUNK;
  #next = 0;
  readonly nsPerCall: number[] = [];
  readonly bytesPerCall: number[] = [];

  constructor(name: string, call: Call) {
    this.name = name;
    this.#call = call;
  }

  /** Calls made so far, warm-up included. */
  get calls(): number {
    return this.#next;
  }

  get callsPerRun(): number {
    return this.#calls;
  }

  /** Runs for at least `millis`, then sizes a run from the speed seen at the end. */
  async warmUp(millis: number): Promise<void> {
    const deadline = performance.now() + millis;
    let ns = 0;
    while (performance.now() < deadline) ns = (await this.#run(CHUNK * 4)) / (CHUNK * 4);
    this.#calls = Math.max(CHUNK, Math.round((RUN_MILLIS * 1e6) / ns / CHUNK) * CHUNK);
  }

  async timeRun(): Promise<void> {
    fullGc();
    this.nsPerCall.push((await this.#run(this.#calls)) / this.#calls);
  }

  async allocationRun(): Promise<void> {
    fullGc();
    const profiler = new GCProfiler();
    profiler.start();
    const before = process.memoryUsage().heapUsed;
    await this.#run(this.#calls);
    const after = process.memoryUsage().heapUsed;
    const { statistics } = profiler.stop();
    let freed = 0;
    for (const collection of statistics) freed += collection.beforeGC.heapStatistics.usedHeapSize - collection.afterGC.heapStatistics.usedHeapSize;
    this.bytesPerCall.push((after - before + freed) / this.#calls);
  }

  async #run(calls: number): Promise<number> {
    const ns = await timedCalls(this.#call, calls, this.#next);
    this.#next += calls;
    return ns;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
