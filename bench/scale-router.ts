/**
 * The scale-out benchmark's loopback router, in place of the OpenTelemetry
 * Collector's load_balancing exporter (no Collector binary here): takes OTLP/HTTP
 * protobuf on POST /v1/traces, splits each request by `ml.model.name`
 * (bench/scale-split.ts), forwards each part to the replica owning its models, and
 * answers the client only once every forward is answered.
 *
 * Answers: 200 (an empty ExportTraceServiceResponse) when every replica answered
 * 2xx; 503 with the largest Retry-After when any refused with 429/503 (the client
 * then sends the whole request again, so the replicas that took their part get it
 * twice: the Collector has the same property, which is why it queues per backend);
 * 502 otherwise. A replica's partial_success is not passed on, only counted: the
 * benchmark checks there is none.
 */
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replicaOf, splitByModel } from './scale-split.js';

/** Forwards in flight per replica; past it they queue in the agent. */
const SOCKETS_PER_REPLICA = 64;
const FORWARD_TIMEOUT_MS = 60_000;

/** What the router did since it started. */
export interface RouterStats {
  readonly requests: number;
  readonly spans: number;
  /** Spans forwarded to replica i (and answered 2xx). */
  readonly spansPerReplica: readonly number[];
  /** Spans forwarded per model, and to which replica. */
  readonly models: Readonly<Record<string, { readonly replica: number; readonly spans: number }>>;
  /** Client answers by status. */
  readonly answers: Readonly<Record<string, number>>;
  /** Replica answers that carried a body, i.e. a partial_success (spans the replica rejected). */
  readonly partialSuccessAnswers: number;
}

interface Forwarded {
  readonly status: number | 'error';
  readonly retryAfter: string | undefined;
  readonly bodyBytes: number;
}

export class ScaleRouter {
  readonly #server: Server;
  readonly #replicaPorts: readonly number[];
  readonly #agents: Agent[];
  #requests = 0;
  #spans = 0;
  readonly #spansPerReplica: number[];
  readonly #models = new Map<string, { replica: number; spans: number }>();
  readonly #answers: Record<string, number> = {};
  #partialSuccessAnswers = 0;

  private constructor(server: Server, replicaPorts: readonly number[]) {
    this.#server = server;
    this.#replicaPorts = replicaPorts;
    this.#agents = replicaPorts.map(() => new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_REPLICA }));
    this.#spansPerReplica = replicaPorts.map(() => 0);
  }

  /** Listens on 127.0.0.1 (`port`, 0 for any) in front of the replicas' OTLP/HTTP ports, in that order. */
  static async start(replicaPorts: readonly number[], port = 0): Promise<ScaleRouter> {
    if (replicaPorts.length === 0) throw new Error('the router needs at least one replica');
    let router: ScaleRouter | undefined;
    const server = createServer((req, res) => router!.#handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    router = new ScaleRouter(server, replicaPorts);
    return router;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  stats(): RouterStats {
    return {
      requests: this.#requests,
      spans: this.#spans,
      spansPerReplica: [...this.#spansPerReplica],
      models: Object.fromEntries([...this.#models].map(([name, m]) => [name, { ...m }])),
      answers: { ...this.#answers },
      partialSuccessAnswers: this.#partialSuccessAnswers,
    };
  }

  /** Stops listening and drops the kept-alive connections. Safe to call twice. */
  async close(): Promise<void> {
    for (const agent of this.#agents) agent.destroy();
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.#route(req, Buffer.concat(chunks)).then(
        ({ status, headers }) => this.#answer(res, status, headers),
        () => this.#answer(res, 500, {}),
      );
    });
  }

  async #route(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string> }> {
    if (req.method !== 'POST' || req.url !== '/v1/traces') return { status: 404, headers: {} };
    // The benchmark's client sends uncompressed protobuf; anything else is not what this router is for.
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/x-protobuf') || (req.headers['content-encoding'] ?? 'identity') !== 'identity') return { status: 415, headers: {} };
    let split;
    try {
      split = splitByModel(body, this.#replicaPorts.length);
    } catch {
      return { status: 400, headers: {} };
    }
    const sends = split.parts.map((part, replica) => (part === undefined ? undefined : this.#forward(replica, part)));
    const answers = await Promise.all(sends);
    this.#requests++;
    const refusals = answers.filter((a) => a !== undefined && (a.status === 429 || a.status === 503));
    if (answers.every((a) => a === undefined || (typeof a.status === 'number' && a.status >= 200 && a.status < 300))) {
      split.spans.forEach((count, replica) => (this.#spansPerReplica[replica] += count));
      for (const [model, spans] of split.spansByModel) {
        const known = this.#models.get(model);
        if (known === undefined) this.#models.set(model, { replica: replicaOf(model, this.#replicaPorts.length), spans });
        else known.spans += spans;
      }
      this.#spans += split.spans.reduce((sum, n) => sum + n, 0);
      this.#partialSuccessAnswers += answers.filter((a) => a !== undefined && a.bodyBytes > 0).length;
      return { status: 200, headers: {} };
    }
    if (refusals.length > 0) {
      const retryAfter = Math.max(1, ...refusals.map((a) => Number(a!.retryAfter ?? 1)).filter(Number.isFinite));
      return { status: 503, headers: { 'retry-after': String(retryAfter) } };
    }
    return { status: 502, headers: {} };
  }

  #forward(replica: number, body: Uint8Array): Promise<Forwarded> {
    return new Promise((resolve) => {
      const req = request({
        agent: this.#agents[replica], host: '127.0.0.1', port: this.#replicaPorts[replica], method: 'POST', path: '/v1/traces',
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      }, (res) => {
        let bodyBytes = 0;
        res.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
        const retryAfter = res.headers['retry-after'];
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, bodyBytes }));
        res.on('error', () => resolve({ status: 'error', retryAfter: undefined, bodyBytes: 0 }));
      });
      req.setTimeout(FORWARD_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
      req.on('error', () => resolve({ status: 'error', retryAfter: undefined, bodyBytes: 0 }));
      req.end(body);
    });
  }

  #answer(res: ServerResponse, status: number, headers: Record<string, string>): void {
    this.#answers[status] = (this.#answers[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/x-protobuf', ...headers });
    res.end();
  }
}
