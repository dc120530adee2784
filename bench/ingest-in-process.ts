/**
 * The in-process figures of the ingest benchmark, on the same request bodies the
 * client sends: decode only (the baseline the end-to-end throughput is compared
 * with), and decode + extraction + profiles without HTTP (to tell the HTTP share of
 * the end-to-end cost from the pipeline's).
 */
import { SpanExtractor } from '../src/extract/span-extractor.js';
import type { InferenceSink } from '../src/extract/inference-batch.js';
import { decodeTracesJson } from '../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import type { TracesData } from '../src/otlp/types.js';
import type { IngestPayloads } from './ingest-payloads.js';

/** A throughput: the median of several timed runs. */
export interface Throughput {
  readonly spansPerSecond: number;
  /** Request bodies as sent, MB = 10^6 bytes. */
  readonly megabytesPerSecond: number;
  /** Spans per second of each run. */
  readonly runs: readonly number[];
}

export type Encoding = 'protobuf' | 'json';

/**
 * The whole-tree decode of each encoding: the decode-only baseline of issue 3. (The
 * receiver now decodes protobuf /v1/traces into a SpanTable for the processor's
 * extractor: see tableDecodeOnly and decodeAndConsume.)
 */
export const DECODERS: Readonly<Record<Encoding, (body: Buffer) => TracesData>> = {
  protobuf: (body) => decodeTracesProtobuf(body),
  json: (body) => decodeTracesJson(body.toString('utf8')),
};

/** Timing of in-process passes: `runs` runs of at least `minMillis` each, after `warmup` passes. */
export interface InProcessTiming {
  readonly runs: number;
  readonly minMillis: number;
  readonly warmup: number;
}

/**
 * Decode-only throughput: the receiver's decoder over the bodies in turn, on this
 * thread, as bench/decode.ts measures it (there on one body of one model, here on the
 * benchmark's own bodies).
 */
export function decodeOnly(payloads: IngestPayloads, encoding: Encoding, timing: InProcessTiming): Throughput {
  const decode = DECODERS[encoding];
  let spans = 0;
  const result = timedPasses(payloads[encoding], timing, (body) => {
    spans += decode(body).resourceSpans.length;
  });
  if (spans === 0) throw new Error('nothing was decoded');
  return throughput(result, payloads.shape.spansPerRequest);
}

/**
 * What the receiver does with a protobuf body before the extractor sees it,
 * decodeTracesTable (columns, no object or Map per span), timed as decodeOnly: the
 * protobuf baseline.
 */
export function tableDecodeOnly(payloads: IngestPayloads, timing: InProcessTiming): Throughput {
  let spans = 0;
  const result = timedPasses(payloads.protobuf, timing, (body) => {
    spans += decodeTracesTable(body).size;
  });
  if (spans === 0) throw new Error('nothing was decoded');
  return throughput(result, payloads.shape.spansPerRequest);
}

/**
 * Decode + extraction + profiles in process, as the receiver hands them over
 * (protobuf as a SpanTable, JSON as a tree), into `sink` (the running processor's
 * model registry), yielding to the event loop after every request so the window
 * scheduler still closes windows, as it does between HTTP requests.
 */
export async function decodeAndConsume(payloads: IngestPayloads, encoding: Encoding, sink: InferenceSink, timing: InProcessTiming): Promise<Throughput> {
  const extractor = new SpanExtractor(sink);
  const consume = encoding === 'protobuf'
    ? (body: Buffer) => extractor.consumeSpanTable(decodeTracesTable(body))
    : (body: Buffer) => extractor.consumeTraces(DECODERS.json(body));
  const pass = (body: Buffer): void => {
    const result = consume(body);
    if (result.rejected > 0) throw new Error(`the benchmark request was rejected: ${result.message}`);
  };
  const bodies = payloads[encoding];
  for (let i = 0; i < timing.warmup; i++) {
    pass(bodies[i % bodies.length]);
    await yieldToEventLoop();
  }
  const runs: RunTiming[] = [];
  let next = 0;
  for (let run = 0; run < timing.runs; run++) {
    let requests = 0;
    let bytes = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      const body = bodies[next++ % bodies.length];
      pass(body);
      await yieldToEventLoop();
      requests++;
      bytes += body.length;
      elapsed = performance.now() - start;
    } while (elapsed < timing.minMillis);
    runs.push({ requests, bytes, elapsedMs: elapsed });
  }
  return throughput(runs, payloads.shape.spansPerRequest);
}

export interface RunTiming {
  readonly requests: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

export function timedPasses<Body>(bodies: readonly Body[], timing: InProcessTiming, pass: (body: Body) => void, size: (body: Body) => number = byteLength): RunTiming[] {
  for (let i = 0; i < timing.warmup; i++) pass(bodies[i % bodies.length]);
  const runs: RunTiming[] = [];
  let next = 0;
  for (let run = 0; run < timing.runs; run++) {
    let requests = 0;
    let bytes = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      const body = bodies[next++ % bodies.length];
      pass(body);
      requests++;
      bytes += size(body);
      elapsed = performance.now() - start;
    } while (elapsed < timing.minMillis);
    runs.push({ requests, bytes, elapsedMs: elapsed });
  }
  return runs;
}

function byteLength(body: unknown): number {
  return body instanceof Uint8Array ? body.length : 0;
}

/** The run of median span rate, with every run's rate. */
export function throughput(runs: readonly RunTiming[], spansPerRequest: number): Throughput {
  const rated = runs.map((r) => ({ spans: (r.requests * spansPerRequest) / (r.elapsedMs / 1000), mb: r.bytes / 1e6 / (r.elapsedMs / 1000) }));
  const sorted = [...rated].sort((a, b) => a.spans - b.spans);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    spansPerSecond: Math.round(median.spans),
    megabytesPerSecond: Number(median.mb.toFixed(1)),
    runs: rated.map((r) => Math.round(r.spans)),
  };
}

/** Lets timers and I/O run: setImmediate callbacks run after the poll and timers phases. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
