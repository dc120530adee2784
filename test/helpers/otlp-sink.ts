import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One request the sink received, its body decompressed. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A real OTLP/HTTP endpoint for tests: records every POST and answers as a
 * backend would (an empty Export*ServiceResponse, in the request's content type),
 * or with `status` when a test wants failures.
 */
export class OtlpSink {
  readonly requests: ReceivedRequest[] = [];
  /** Status of the next answers; 200 unless a test sets it. */
  status = 200;
  /** When set, the status of each answer, by its request (over `status`). */
  statusOf?: (request: ReceivedRequest) => number;
  /** When set, extra headers of each answer (a Retry-After), by its request. */
  headersOf?: (request: ReceivedRequest) => Record<string, string>;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: Server, readonly url: string) {}

  /** @param port 0 for any free port; a given one to bring a closed sink's address back (a backend recovering) */
  static async start(port = 0): Promise<OtlpSink> {
    let sink: OtlpSink | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const received = { path: request.url ?? '', headers: request.headers, body };
        sink!.record(received);
        const type = request.headers['content-type'] ?? 'application/json';
        response.writeHead(sink!.statusOf?.(received) ?? sink!.status, { ...sink!.headersOf?.(received), 'content-type': type });
        response.end(type.startsWith('application/json') ? '{}' : '');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    sink = new OtlpSink(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return sink;
  }

  /** The requests to a path (`/v1/metrics`, `/v1/logs`). */
  at(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Resolves when `ready()` holds, checked after each request; rejects after `timeoutMs`. */
  async waitFor(ready: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (ready()) return;
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        if (!ready()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs}ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(request: ReceivedRequest): void {
    this.requests.push(request);
    for (const wake of [...this.waiters]) wake();
  }
}
