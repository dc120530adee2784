/**
 * The load test's open-loop client, run in a child process (bench/load-client.ts) so
 * that sending takes the other core, as in bench:ingest. Open loop: request i leaves
 * at start + i / rate whatever the answers to the ones before, as independent
 * senders would send (a closed-loop client slows down with the server and so never
 * overloads it). What the client itself can hold is bounded too: a request due while
 * `maxInFlight` are unanswered is not sent, and counted as client-dropped.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LatencySummary } from './ingest-load.js';

/** One open-loop run against POST /v1/traces on 127.0.0.1:`port`. */
export interface OpenLoopRun {
  readonly port: number;
  /** Requests per second, on a fixed schedule. */
  readonly requestsPerSecond: number;
  /** Schedule length (ms)... */
  readonly durationMs: number;
  /** ...and at most this many requests scheduled. */
  readonly maxRequests: number;
  /** Requests unanswered at once; a request due past it is client-dropped. */
  readonly maxInFlight: number;
  /** A request unanswered after this long is given up (counted under 'error'). */
  readonly requestTimeoutMs: number;
}

/** What a run did, as the client saw it. */
export interface OpenLoopResult {
  /** Requests the schedule held. */
  readonly scheduled: number;
  readonly sent: number;
  /** Due while `maxInFlight` were unanswered, so never sent. */
  readonly clientDropped: number;
  /** Answers by HTTP status; 'error' for requests that ended without one (reset, timeout). */
  readonly statuses: Readonly<Record<string, number>>;
  /** 429 and 503 answers that had no Retry-After header. */
  readonly refusedWithoutRetryAfter: number;
  /** The Retry-After values seen, with their counts. */
  readonly retryAfter: Readonly<Record<string, number>>;
  /** 2xx answers only: send to last response byte (ms). */
  readonly acceptedLatencyMs: LatencySummary;
  /** From the first request sent to the last answer (ms). */
  readonly elapsedMs: number;
  /** How late the client sent its requests against their schedule (ms): large values mean the client, not the server, was the limit. */
  readonly sendLagMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly mostInFlight: number;
  /** The client process's CPU time over the run's wall time (1 = a core). */
  readonly clientCpuCores: number;
}

/** Messages to the child. */
export type OpenLoopCommand =
  | { readonly kind: 'bodies'; readonly protobuf: readonly Uint8Array[] }
  | ({ readonly kind: 'run' } & OpenLoopRun);

/** Messages from the child. */
export type OpenLoopReply = { readonly kind: 'ready' } | ({ readonly kind: 'result' } & OpenLoopResult) | { readonly kind: 'failed'; readonly message: string };

/** The parent's handle on the open-loop client process. */
export class OpenLoopClient {
  readonly #child: ChildProcess;
  #pending: ((reply: OpenLoopReply) => void) | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (reply: OpenLoopReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.(reply);
    });
    child.on('exit', (code) => this.#pending?.({ kind: 'failed', message: `the open-loop client exited (code ${code})` }));
  }

  static start(): OpenLoopClient {
    const path = fileURLToPath(new URL('./load-client.js', import.meta.url));
    return new OpenLoopClient(fork(path, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Hands the client the protobuf bodies it sends in turn. */
  async load(protobuf: readonly Uint8Array[]): Promise<void> {
    await this.#ask({ kind: 'bodies', protobuf }, 'ready', 60_000);
  }

  async run(run: OpenLoopRun): Promise<OpenLoopResult> {
    // The schedule, then the last answers: bounded by the request timeout.
    const reply = await this.#ask({ kind: 'run', ...run }, 'result', run.durationMs + run.requestTimeoutMs + 30_000);
    const { kind: _kind, ...result } = reply as { kind: 'result' } & OpenLoopResult;
    return result;
  }

  /** Ends the client process. Safe to call twice. */
  close(): void {
    if (this.#child.connected) this.#child.disconnect();
  }

  #ask(command: OpenLoopCommand, expected: OpenLoopReply['kind'], timeoutMs: number): Promise<OpenLoopReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the open-loop client did not answer within ${timeoutMs} ms`)), timeoutMs);
      this.#pending = (reply) => {
        clearTimeout(timer);
        if (reply.kind === expected) resolve(reply);
        else reject(new Error(reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind}`));
      };
      this.#child.send(command);
    });
  }
}
