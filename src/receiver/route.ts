import type { IncomingHttpHeaders } from 'node:http';
import type { AccessRole } from '../auth/bearer-auth.js';
import type { CompressedBody } from './read-body.js';

/**
 * What a route handler is given: the request with its body read, size-checked and
 * decompressed by the receiver, under the receiver's intake bounds.
 */
export interface RouteRequest {
  readonly method: string;
  /** The URL path, without the query string. */
  readonly path: string;
  /** The query string without its '?', '' when there is none. */
  readonly query: string;
  /** The Content-Type's media type, lower-case and without parameters; '' when absent. */
  readonly mediaType: string;
  readonly headers: IncomingHttpHeaders;
  /** The body after decompression (empty when the request has none). */
  readonly body: Buffer;
  /** The body as received, when it came compressed (gzip or deflate). */
  readonly wire?: CompressedBody;
  /** The id of the bearer token the request was let in with (never the token), when tokens are configured. */
  readonly tokenId?: string;
}

/** What a route handler answers; Content-Length is set by the receiver. */
export interface RouteResponse {
  readonly status: number;
  /** Content-Type of the body. */
  readonly contentType?: string;
  readonly body?: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Handles one request to one path. A handler that throws (or rejects) gets a 500
 * with a google.rpc.Status body and the error is reported through `diag`: it never
 * takes the server down.
 */
export type RouteHandler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

export interface RouteOptions {
  /**
   * HTTP methods the route answers; others get 405 with `Allow`.
   * @default ['POST']
   */
  readonly methods?: readonly string[];
  /**
   * Content-Type media types the route accepts; others get 415 before the body is
   * read. Unset: any, checked by the handler.
   */
  readonly mediaTypes?: readonly string[];
  /**
   * The token a caller needs when the receiver has `auth`: checked from the headers,
   * before the body is read, so a stranger cannot make the receiver buffer anything.
   * @default 'ingest'
   */
  readonly role?: AccessRole;
  /**
   * Memory the handler would have bodies read straight into, instead of a buffer of
   * their own: an uncompressed body whose Content-Length the pool takes. Such a body
   * is the handler's only until its answer settles; it must keep nothing of it.
   */
  readonly bodyPool?: BodyPool;
}

/** Room for request bodies, lent one body at a time (RouteOptions.bodyPool). */
export interface BodyPool {
  /** A buffer of exactly `bytes` for a body of this media type, or undefined to have it read as usual. */
  lease(bytes: number, mediaType: string): Buffer | undefined;
  /** The handler is done with a body `lease` gave: nothing reads it any more. */
  release(body: Buffer): void;
}
