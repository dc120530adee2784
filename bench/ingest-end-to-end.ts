/**
 * End-to-end throughput of a running processor for one encoding: the client process
 * (bench/ingest-load.ts) posts the benchmark bodies over keep-alive HTTP, the
 * processor decodes, extracts and fills its window profiles, and its scheduler closes
 * windows as it would in production. Measured after a warm-up, in several runs.
 */
import { performance } from 'node:perf_hooks';
import type { Processor } from '../src/serve/processor.js';
import { throughput, type Encoding, type Throughput } from './ingest-in-process.js';
import { latencySummary, type LatencySummary, type LoadGenerator } from './ingest-load.js';
import type { IngestPayloads } from './ingest-payloads.js';
import type { WindowCloseTimer, WindowCloseTimes } from './ingest-window-closes.js';
import { cpuPerSpan, threadCpuMs } from './thread-cpu.js';

/** How an encoding is measured. */
export interface EndToEndPlan {
  /**
   * Sending before the timed runs (JIT, connections, references), at least this long
   * (ms) and then on, in slices of the same length, until a slice's verdicts all came
   * out within `calmCloseMs` of their close: the first windows of a window-size bucket
   * wait for threshold calibrations (on a worker thread, which takes a core from the
   * processor and the client while it runs).
   */
  readonly warmupMs: number;
  readonly calmCloseMs: number;
  /**
   * The warm-up waits for at least one window close (short windows); with windows
   * longer than the warm-up it waits only for the calibration thread to be idle.
   */
  readonly awaitClose: boolean;
  /** The warm-up gives up waiting for calm window closes after this long (ms). */
  readonly maxWarmupMs: number;
  readonly runs: number;
  readonly runMs: number;
  readonly concurrency: number;
}

export interface EndToEndResult extends Throughput {
  readonly requests: number;
  /** Request latency over every timed run, as the client saw it. */
  readonly latencyMs: LatencySummary;
  /** Responses by status over the timed runs. */
  readonly statuses: Readonly<Record<string, number>>;
  /** CPU time of the processor's process over wall time (all its threads: 1 = one core busy). */
  readonly processorCpuCores: number;
  /**
   * The processor's CPU time over the timed runs, µs a span, by thread (from /proc,
   * 10 ms ticks): the event loop, the busiest other thread (the extraction thread
   * when there is one) and all threads other than the event loop (with V8's
   * garbage-collection helpers).
   */
  readonly cpuMicrosPerSpan: ReturnType<typeof cpuPerSpan>;
  /** Share of the time the processor's event loop was busy (1 = saturated). */
  readonly eventLoopUtilization: number;
  /** CPU time of the client process over wall time. */
  readonly clientCpuCores: number;
  /** Window closes during the timed runs, and the time they held the event loop. */
  readonly windowCloses: WindowCloseTimes;
  /** How long the warm-up took, and its window closes (calibrations show here). */
  readonly warmup: { readonly ms: number; readonly calm: boolean; readonly windowCloses: WindowCloseTimes };
}

/**
 * Warm-up, then `plan.runs` timed runs; throws when a request is refused or a span rejected.
 * Over OTLP/HTTP by default; `protocol: 'grpc'` sends the protobuf bodies to the processor's gRPC receiver.
 */
export async function endToEnd(
  processor: Processor, load: LoadGenerator, closes: WindowCloseTimer, payloads: IngestPayloads, encoding: Encoding, plan: EndToEndPlan,
  protocol: 'http' | 'grpc' = 'http',
): Promise<EndToEndResult> {
  const receiver = protocol === 'http' ? processor.receiver : processor.grpcReceiver;
  if (receiver === undefined) throw new Error('the processor has no gRPC receiver: give it a grpc_port');
  const { port } = receiver.address();
  const answeredOk = protocol === 'http' ? '200' : 'OK';
  const send = (durationMs: number) => load.run({ port, encoding, protocol, concurrency: plan.concurrency, durationMs });
  closes.take();
  const warmupStart = performance.now();
  let calm = false;
  let warmupCloses: WindowCloseTimes = { closes: 0, totalMs: 0, maxMs: 0, eventLoopDelayMaxMs: 0, eventLoopDelayP99Ms: 0, pending: 0 };
  while (!calm && performance.now() - warmupStart < plan.maxWarmupMs) {
    await send(plan.warmupMs);
    const slice = closes.take();
    warmupCloses = {
      closes: warmupCloses.closes + slice.closes,
      totalMs: warmupCloses.totalMs + slice.totalMs,
      maxMs: Math.max(warmupCloses.maxMs, slice.maxMs),
      eventLoopDelayMaxMs: Math.max(warmupCloses.eventLoopDelayMaxMs, slice.eventLoopDelayMaxMs),
      eventLoopDelayP99Ms: Math.max(warmupCloses.eventLoopDelayP99Ms, slice.eventLoopDelayP99Ms),
      pending: slice.pending,
    };
    const closed = plan.awaitClose ? slice.closes > 0 && slice.maxMs < plan.calmCloseMs : true;
    calm = closed && slice.pending === 0 && processor.pipeline.calibrationsQueued === 0;
  }
  const warmup = { ms: Math.round(performance.now() - warmupStart), calm, windowCloses: warmupCloses };
  const notMonitoring = processor.registry.list().filter((state) => state.phase !== 'monitoring');
  if (notMonitoring.length > 0) throw new Error(`after the warm-up, ${notMonitoring.length} model versions are still collecting their reference`);

  closes.take();
  const before = receiver.stats();
  const runs = [];
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let cpuMs = 0;
  let clientCpuMs = 0;
  let wallMs = 0;
  let busy = 0;
  const threadsBefore = threadCpuMs();
  for (let run = 0; run < plan.runs; run++) {
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const start = performance.now();
    const result = await send(plan.runMs);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    busy += performance.eventLoopUtilization(elu).utilization * wall;
    cpuMs += (used.user + used.system) / 1000;
    clientCpuMs += result.clientCpuMs;
    wallMs += wall;
    runs.push(result);
    latencies.push(...result.latenciesMs);
    for (const [status, count] of Object.entries(result.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  }
  const threadsAfter = threadCpuMs();
  const after = receiver.stats();
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const spans = requests * payloads.shape.spansPerRequest;
  const accepted = after.acceptedItems.traces - before.acceptedItems.traces;
  const rejected = after.rejectedItems.traces - before.rejectedItems.traces;
  if (statuses[answeredOk] !== requests || accepted !== spans || rejected !== 0) {
    throw new Error(`${encoding} over ${protocol}: ${JSON.stringify(statuses)} for ${requests} requests; ${accepted} of ${spans} spans accepted, ${rejected} rejected`);
  }
  return {
    ...throughput(runs, payloads.shape.spansPerRequest),
    requests,
    latencyMs: latencySummary(latencies),
    statuses,
    processorCpuCores: Number((cpuMs / wallMs).toFixed(2)),
    cpuMicrosPerSpan: cpuPerSpan(threadsBefore, threadsAfter, spans),
    eventLoopUtilization: Number((busy / wallMs).toFixed(3)),
    clientCpuCores: Number((clientCpuMs / wallMs).toFixed(2)),
    windowCloses: closes.take(),
    warmup,
  };
}
