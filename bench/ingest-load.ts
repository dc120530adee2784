/**
 * The ingest benchmark's OTLP/HTTP client, run in a child process
 * (bench/ingest-client.ts) so that sending does not take CPU from the processor's
 * thread: on a 2-core machine the processor gets one core and the client the other.
 * This side forks the child, hands it the request bodies once, and asks it for runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IngestPayloads } from './ingest-payloads.js';

/** How the client sends one run. */
export interface LoadRun {
  readonly port: number;
  readonly encoding: 'protobuf' | 'json';
  /**
   * OTLP/HTTP (POST /v1/traces), or OTLP/gRPC (TraceService/Export, protobuf only; one
   * grpc-js channel per request in flight, as one connection per request on HTTP).
   * @default 'http'
   */
  readonly protocol?: 'http' | 'grpc';
  /** Requests in flight at once, each on its own keep-alive connection. */
  readonly concurrency: number;
  /** Stop starting requests after this long (ms)... */
  readonly durationMs?: number;
  /** ...or after this many requests, whichever comes first. */
  readonly requests?: number;
  /** Send the bodies gzipped (compressed once, before timing), as the Collector's OTLP exporter does by default. */
  readonly gzip?: boolean;
}

/** Latency of the requests of a run, send to last response byte (ms). */
export interface LatencySummary {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** What a run did, as the client saw it. */
export interface LoadResult {
  readonly requests: number;
  /** Request bodies sent (bytes). */
  readonly bytes: number;
  /** From the first request sent to the last response received (ms). */
  readonly elapsedMs: number;
  readonly latencyMs: LatencySummary;
  /** Every request's latency (ms), in completion order. */
  readonly latenciesMs: readonly number[];
  /** Responses by HTTP status (gRPC: by status code name, e.g. OK); 'error' for requests that failed without one. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The client process's CPU time during the run (user + system, ms). */
  readonly clientCpuMs: number;
}

/** Messages to the child. */
export type ClientCommand =
  | { readonly kind: 'bodies'; readonly protobuf: readonly Uint8Array[]; readonly json: readonly Uint8Array[] }
  | ({ readonly kind: 'run' } & LoadRun);

/** Messages from the child. */
export type ClientReply = { readonly kind: 'ready' } | ({ readonly kind: 'result' } & LoadResult) | { readonly kind: 'failed'; readonly message: string };

/** Longest a run may take before the benchmark gives up on the child. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/** The parent's handle on the client process. */
export class LoadGenerator {
  readonly #child: ChildProcess;
  #pending: ((reply: ClientReply) => void) | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: ClientReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.(reply);
    });
    child.on('exit', (code) => this.#pending?.({ kind: 'failed', message: `the client process exited (code ${code})` }));
  }

  /** Forks the client process. */
  static start(): LoadGenerator {
    const path = fileURLToPath(new URL('./ingest-client.js', import.meta.url));
    return new LoadGenerator(fork(path, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Hands the client the bodies it sends from now on, in both encodings. */
  async load(payloads: IngestPayloads): Promise<void> {
    await this.#ask({ kind: 'bodies', protobuf: payloads.protobuf, json: payloads.json }, 'ready');
  }

  /** One run of requests against the receiver on 127.0.0.1:`run.port`. */
  async run(run: LoadRun): Promise<LoadResult> {
    const reply = await this.#ask({ kind: 'run', ...run }, 'result');
    const { kind: _kind, ...result } = reply as { kind: 'result' } & LoadResult;
    return result;
  }

  /** Ends the client process. Safe to call twice. */
  close(): void {
    if (this.#child.connected) this.#child.disconnect();
  }

  #ask(command: ClientCommand, expected: ClientReply['kind']): Promise<ClientReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the client did not answer within ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
      this.#pending = (reply) => {
        clearTimeout(timer);
        if (reply.kind === expected) resolve(reply);
        else reject(new Error(reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind}`));
      };
      this.#child.send(command);
    });
  }
}

/** Nearest-rank percentiles of latencies (ms, rounded to 0.01). */
export function latencySummary(latencies: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => (sorted.length === 0 ? NaN : Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(2)));
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}
