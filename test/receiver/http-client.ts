import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RawRequest {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: Uint8Array | string;
  /** Sends the body with Transfer-Encoding: chunked, in two chunks, instead of with a Content-Length. */
  readonly chunked?: boolean;
  /** Fails the request after this long (every network wait in the tests is bounded). */
  readonly timeoutMs?: number;
}

/** One HTTP request on a fresh connection, exactly as given, with a timeout. */
export function send(url: string, options: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const req = request(url, {
      method: options.method ?? 'POST',
      headers: { ...(body !== undefined && options.chunked !== true ? { 'Content-Length': body.length } : {}), ...options.headers },
      agent: false,
      timeout: options.timeoutMs ?? 5000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    if (options.chunked === true && body !== undefined) {
      req.write(body.subarray(0, body.length >> 1));
      req.end(body.subarray(body.length >> 1));
    } else req.end(body);
  });
}

/** Polls `condition` every 5 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
