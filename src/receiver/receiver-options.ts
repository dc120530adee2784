import type { AccessRole, AccessVerdict, BearerAuth } from '../auth/bearer-auth.js';
import type { DurableStep } from './otlp-routes.js';

/** The receiver's TLS material, in PEM. */
export interface ReceiverTls {
  /** The server's certificate chain. */
  readonly cert: string | Buffer;
  /** The server's private key. */
  readonly key: string | Buffer;
  /**
   * CA certificates that sign the clients' certificates: set, a client must present a
   * certificate one of them signed, or the TLS handshake fails (mutual TLS).
   */
  readonly clientCa?: string | Buffer;
}

/** The receiver's bounds, by their config key. */
export type ReceiverBound = 'receiver.max_body_bytes' | 'receiver.max_inflight_requests' | 'receiver.max_inflight_bytes';

/** A request `auth` refused: what it asked for, and the verdict (which names a configured token's id, never a secret). */
export interface RefusedAttempt {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly role: AccessRole;
  readonly verdict: Exclude<AccessVerdict, { outcome: 'allowed' }>;
}

/** How the OTLP/HTTP receiver listens and how much it takes in at once. */
export interface OtlpHttpReceiverOptions {
  /** Makes each taken traces or logs request durable before it is answered (see DurableStep). @default none */
  readonly durable?: DurableStep;
  /** Serve HTTPS, and with `clientCa` ask every client for a certificate (mutual TLS). @default none: plain HTTP */
  readonly tls?: ReceiverTls;
  /** Bearer tokens each route's role requires (401 / 403 otherwise). @default none: every request is let in */
  readonly auth?: BearerAuth;
  /** Told of each request refused for a bound (413 too large, 503 intake full), for the self-metrics. @default none */
  readonly boundBreached?: (bound: ReceiverBound) => void;
  /** Told of each request refused by `auth` (401 / 403), before it is answered: the admin audit records denied attempts. @default none */
  readonly refused?: (attempt: RefusedAttempt) => void;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * TCP port; 0 picks a free one (read it back with `address()`).
   * @default 4318 (the OTLP/HTTP port)
   */
  readonly port?: number;
  /**
   * Largest request body, in bytes after decompression; larger is refused with 413.
   * @default 67108864 (64 MiB, the OTLP specification's recommendation)
   */
  readonly maxBodyBytes?: number;
  /**
   * Requests being received or processed at once; more are refused with 503 and
   * Retry-After, so a burst cannot queue without bound.
   * @default 64
   */
  readonly maxConcurrentRequests?: number;
  /**
   * Body bytes (after decompression) held by all requests still being received;
   * a request that would pass it is refused with 503 and Retry-After. At least
   * `maxBodyBytes`, so one largest request always fits.
   * @default 268435456 (256 MiB)
   */
  readonly maxBufferedBytes?: number;
  /**
   * The Retry-After value, in seconds, of a 503 answer.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * Time a client has to send a whole request (headers and body); Node's
   * `server.requestTimeout`. Bounds how long a slow client holds an intake slot.
   * @default 60000
   */
  readonly requestTimeoutMs?: number;
  /**
   * On shutdown, time given to in-flight requests before their connections are cut.
   * @default 10000
   */
  readonly shutdownTimeoutMs?: number;
}

export type ResolvedReceiverOptions = Required<Omit<OtlpHttpReceiverOptions, 'durable' | 'auth' | 'tls' | 'boundBreached' | 'refused'>>;

export const DEFAULT_RECEIVER_OPTIONS: ResolvedReceiverOptions = Object.freeze({
  host: '127.0.0.1',
  port: 4318,
  maxBodyBytes: 64 * 1024 * 1024,
  maxConcurrentRequests: 64,
  maxBufferedBytes: 256 * 1024 * 1024,
  retryAfterSeconds: 1,
  requestTimeoutMs: 60_000,
  shutdownTimeoutMs: 10_000,
});

/**
 * The options with their defaults; throws a RangeError naming the first option out
 * of range (the config schema checks them properly before they get here).
 */
export function resolveReceiverOptions(options: OtlpHttpReceiverOptions = {}): ResolvedReceiverOptions {
  const resolved: ResolvedReceiverOptions = { ...DEFAULT_RECEIVER_OPTIONS };
  for (const [key, value] of Object.entries(options) as Array<[keyof ResolvedReceiverOptions, unknown]>) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  const integer = (key: keyof ResolvedReceiverOptions, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`receiver option ${key} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
  };
  integer('port', 0, 65535);
  integer('maxBodyBytes', 1);
  integer('maxConcurrentRequests', 1);
  integer('maxBufferedBytes', resolved.maxBodyBytes);
  integer('retryAfterSeconds', 0);
  integer('requestTimeoutMs', 1);
  integer('shutdownTimeoutMs', 0);
  if (typeof resolved.host !== 'string' || resolved.host === '') throw new RangeError('receiver option host must be a host name or address');
  return Object.freeze(resolved);
}
