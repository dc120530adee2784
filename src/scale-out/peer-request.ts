import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What a replica presents to the others over https: the CA their certificates are checked against, and its client certificate for mTLS. */
export interface PeerTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/**
 * A GET to another replica, its answer read whole. node:http(s) rather than fetch:
 * fetch in Node 20 takes no CA or client certificate, and replicas that require
 * mTLS (`receiver.tls.client_ca_file`) want one.
 * @throws Error when the replica cannot be reached or does not answer within `timeoutMs`
 */
export function peerGet(
  url: URL, headers: Readonly<Record<string, string>>, timeoutMs: number, tls: PeerTls = {},
): Promise<{ status: number; body: string; retryAfterMs?: number }> {
  return new Promise((resolve, reject) => {
    const options = { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) };
    const answered = (response: import('node:http').IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const retryAfter = Number(response.headers['retry-after']);
      response.on('end', () => resolve({
        status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'),
        // Retry-After in seconds (an HTTP date is not sent between replicas).
        ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
      }));
      response.on('error', reject);
    };
    const request = url.protocol === 'https:'
      ? httpsRequest(url, { ...options, ...tls }, answered)
      : httpRequest(url, options, answered);
    request.on('error', reject);
    request.end();
  });
}
