import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import type { AccessRole, AccessVerdict, BearerAuth } from '../auth/bearer-auth.js';
import { takesProtobufTraces, type Lifecycle } from '../pipeline/consumer.js';
import { mediaTypeOf } from './media-type.js';
import { IntakeBounds, type IntakeTicket } from './intake-bounds.js';
import { BodyAbortedError, bodyEncodingOf, readBody } from './read-body.js';
import { ReceiverError } from './receiver-errors.js';
import { resolveReceiverOptions, type OtlpHttpReceiverOptions, type ReceiverBound, type ReceiverTls, type RefusedAttempt, type ResolvedReceiverOptions } from './receiver-options.js';
import { ReceiverStats, type ReceiverStatsSnapshot } from './receiver-stats.js';
import { RequestTurns } from './request-turns.js';
import { OTLP_MEDIA_TYPES, OTLP_PATHS, otlpRouteHandlers, type OtlpConsumers } from './otlp-routes.js';
import type { BodyPool, RouteHandler, RouteOptions, RouteResponse } from './route.js';
import { statusResponse } from './status-response.js';
import { stopGracefully } from './stop-gracefully.js';

interface Route {
  readonly path: string;
  readonly handler: RouteHandler;
  readonly methods: readonly string[];
  readonly mediaTypes: readonly string[] | undefined;
  readonly role: AccessRole;
  readonly bodyPool: BodyPool | undefined;
}

/** The route name under which requests to paths with no route are counted. */
const UNKNOWN_ROUTE = 'unknown';
const EMPTY_BODY = Buffer.alloc(0);

/**
 * The OTLP/HTTP receiver (OTLP specification, "OTLP/HTTP"): `POST /v1/traces`,
 * `/v1/logs` and `/v1/metrics` in protobuf or JSON, gzip- or deflate-compressed or
 * not. Each request is read under a bounded intake, decoded, handed synchronously to
 * the consumer of its signal, and answered with an Export*ServiceResponse in the
 * request's encoding (with partial_success when the consumer rejected some items),
 * or with a google.rpc.Status and the status code the specification names: 400
 * undecodable, 404, 405, 413 too large, 415 unsupported type or encoding, 503 with
 * Retry-After when the intake is full or the receiver is shutting down, 500 when a
 * consumer throws (reported through `diag`). Nothing a client sends can crash it.
 * With `auth`, each route's role is checked from the headers first (401 / 403); with
 * `tls`, it serves HTTPS, and mutual TLS with a client CA.
 *
 * Further endpoints (POST /v1/feedback, admin routes) plug in with `route()` and get
 * the same body handling, bounds, error answers and counters.
 */
export class OtlpHttpReceiver implements Lifecycle {
  private readonly options: ResolvedReceiverOptions;
  private readonly auth: BearerAuth | undefined;
  private readonly boundBreached: ((bound: ReceiverBound) => void) | undefined;
  private readonly refusedListener: ((attempt: RefusedAttempt) => void) | undefined;
  private readonly tls: ReceiverTls | undefined;
  private readonly routes = new Map<string, Route>();
  private readonly prefixRoutes: Route[] = [];
  private readonly intake: IntakeBounds;
  private readonly counters = new ReceiverStats();
  private readonly turns = new RequestTurns();
  private server: Server | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Set by drain(): ingest routes answer 503, admin routes are still served. */
  private draining = false;

  constructor(consumers: OtlpConsumers, options?: OtlpHttpReceiverOptions) {
    this.options = resolveReceiverOptions(options);
    this.auth = options?.auth;
    this.boundBreached = options?.boundBreached;
    this.refusedListener = options?.refused;
    this.tls = options?.tls;
    this.intake = new IntakeBounds(this.options.maxConcurrentRequests, this.options.maxBufferedBytes);
    const handlers = otlpRouteHandlers(consumers, this.counters, options?.durable);
    // Not with a journal, which writes the body after the answer is made.
    const tracesPool = options?.durable === undefined && takesProtobufTraces(consumers.traces) ? consumers.traces.bodyPool : undefined;
    for (const signal of ['traces', 'logs', 'metrics'] as const) {
      const bodyPool = signal === 'traces' ? tracesPool : undefined;
      this.route(OTLP_PATHS[signal], handlers[signal], { methods: ['POST'], mediaTypes: OTLP_MEDIA_TYPES, ...(bodyPool === undefined ? {} : { bodyPool }) });
    }
  }

  /**
   * Adds an endpoint (the seam for POST /v1/feedback and admin routes): `handler`
   * gets the body already read, size-checked and decompressed, under the same intake
   * bounds; requests to it are counted under `path`. Throws if `path` has a route.
   */
  route(path: string, handler: RouteHandler, options: RouteOptions = {}): this {
    if (!path.startsWith('/')) throw new RangeError(`a route path starts with "/", got "${path}"`);
    if (this.routes.has(path)) throw new RangeError(`${path} already has a route`);
    const methods = (options.methods ?? ['POST']).map((m) => m.toUpperCase());
    const mediaTypes = options.mediaTypes?.map((t) => t.toLowerCase());
    this.routes.set(path, { path, handler, methods, mediaTypes, role: options.role ?? 'ingest', bodyPool: options.bodyPool });
    return this;
  }

  /**
   * Adds an endpoint for every path under `prefix` (ending in "/"), such as
   * `/v1/models/{name}/{version}/samples`: the handler reads the rest of the path.
   * Exact routes win; requests are counted under the prefix, so paths made of data
   * cannot grow the counters.
   */
  routePrefix(prefix: string, handler: RouteHandler, options: RouteOptions = {}): this {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new RangeError(`a route prefix starts and ends with "/", got "${prefix}"`);
    if (this.prefixRoutes.some((route) => route.path === prefix)) throw new RangeError(`${prefix} already has a route`);
    const methods = (options.methods ?? ['POST']).map((m) => m.toUpperCase());
    const mediaTypes = options.mediaTypes?.map((t) => t.toLowerCase());
    this.prefixRoutes.push({ path: prefix, handler, methods, mediaTypes, role: options.role ?? 'ingest', bodyPool: options.bodyPool });
    return this;
  }

  /** Starts listening; resolves once the port is bound (rejects if it cannot be). */
  start(): Promise<void> {
    if (this.stopping !== undefined) return Promise.reject(new Error('the receiver was shut down; build a new one'));
    this.starting ??= new Promise<void>((resolve, reject) => {
      const server = this.createServer();
      server.requestTimeout = this.options.requestTimeoutMs;
      server.headersTimeout = Math.min(server.headersTimeout, this.options.requestTimeoutMs);
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.on('error', (error) => diag.error(`modelwatch receiver: server error: ${error.stack ?? error.message}`));
        this.server = server;
        resolve();
      });
    });
    return this.starting;
  }

  /**
   * Stops accepting connections, lets in-flight requests finish (answering any new
   * request on an open connection with 503), then closes; connections still open
   * after `shutdownTimeoutMs` are cut. Safe to call twice, and before `start()`.
   */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.starting !== undefined) await this.starting.catch(() => undefined);
      const server = this.server;
      if (server === undefined) return;
      await stopGracefully((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }, () => server.closeAllConnections(), this.options.shutdownTimeoutMs);
    })();
    return this.stopping;
  }

  /** Plain HTTP, or HTTPS with `tls` (asking for a client certificate signed by `clientCa` when given). */
  private createServer(): Server {
    const handle = (request: IncomingMessage, response: ServerResponse) => this.handle(request, response);
    if (this.tls === undefined) return createServer(handle);
    const mutual = this.tls.clientCa !== undefined;
    const server = createTlsServer({
      cert: this.tls.cert, key: this.tls.key,
      ...(mutual ? { ca: this.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
    }, handle);
    // A failed handshake (no client certificate, a wrong CA, plain HTTP on the TLS port) is the client's problem: noted, not thrown.
    server.on('tlsClientError', (error) => diag.debug(`modelwatch receiver: TLS handshake refused: ${error.message}`));
    return server as unknown as Server;
  }

  /**
   * Stops taking data (ingest routes answer 503 with Retry-After, so senders retry
   * elsewhere) while the admin routes go on: a replica leaving hands its models over
   * to the replicas that ask for them before it shuts down.
   */
  drain(): void {
    this.draining = true;
  }

  /** Where the receiver listens; throws before `start()` has resolved. */
  address(): { host: string; port: number } {
    const bound = this.server?.address() as AddressInfo | null | undefined;
    if (bound === undefined || bound === null) throw new Error('the receiver is not listening; await start() first');
    return { host: bound.address, port: bound.port };
  }

  /**
   * The intake bounds and request turns, for another receiver of the same process (the
   * OTLP/gRPC one) to take its requests under: one memory budget and one queue of
   * requests waiting to be handled, whichever protocol they came by.
   */
  sharedIntake(): { readonly intake: IntakeBounds; readonly turns: RequestTurns } {
    return { intake: this.intake, turns: this.turns };
  }

  /** The receiver's self-metrics now (counters since start, intake gauges). */
  stats(): ReceiverStatsSnapshot {
    return this.counters.snapshot(this.intake.inFlight, this.intake.bufferedBytes);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    // A reset connection emits 'error' on both; unhandled, that would crash the process.
    request.on('error', () => undefined);
    response.on('error', () => undefined);
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const method = request.method ?? 'GET';
    const mediaType = mediaTypeOf(request.headers['content-type']);
    const route = this.routes.get(path) ?? this.prefixRoutes.find((candidate) => path.startsWith(candidate.path) && path.length > candidate.path.length);
    if (route === undefined) {
      this.send(request, response, UNKNOWN_ROUTE, statusResponse(new ReceiverError('MODELWATCH_ERR_NOT_FOUND', path), mediaType));
      return;
    }
    if (!route.methods.includes(method)) {
      const allow = route.methods.join(', ');
      this.send(request, response, route.path,
        statusResponse(new ReceiverError('MODELWATCH_ERR_METHOD_NOT_ALLOWED', method, path, allow), mediaType, { Allow: allow }));
      return;
    }
    const verdict: AccessVerdict = this.auth?.check(request.headers, route.role) ?? { outcome: 'allowed' };
    if (verdict.outcome !== 'allowed') {
      this.tellRefused({ method, path, query, role: route.role, verdict });
      this.send(request, response, route.path, this.refused(verdict, route, method, mediaType));
      return;
    }
    if (this.stopping !== undefined || (this.draining && route.role !== 'admin')) {
      this.send(request, response, route.path, this.unavailable(new ReceiverError('MODELWATCH_ERR_SHUTTING_DOWN'), mediaType));
      return;
    }
    const ticket = this.intake.admit();
    if (ticket === undefined) {
      this.boundBreached?.('receiver.max_inflight_requests');
      const full = new ReceiverError('MODELWATCH_ERR_INTAKE_FULL', `${this.options.maxConcurrentRequests} requests in flight`);
      this.send(request, response, route.path, this.unavailable(full, mediaType));
      return;
    }
    response.once('close', () => ticket.release());
    const refusal = this.refusalBeforeBody(route, request, mediaType);
    if (refusal !== undefined) {
      this.countBoundBreach(refusal);
      this.send(request, response, route.path, statusResponse(refusal, mediaType,
        refusal.code === 'MODELWATCH_ERR_UNSUPPORTED_ENCODING' ? { 'Accept-Encoding': 'gzip, deflate, identity' } : undefined));
      return;
    }
    this.receive(route, request, response, ticket, { method, path, query, mediaType, ...(verdict.tokenId === undefined ? {} : { tokenId: verdict.tokenId }) });
  }

  /**
   * Room from the route's pool for a body of the declared length, if the pool takes it
   * and the intake has room for all the memory behind it: a loan is made before a byte
   * of body arrives, so it counts against the intake whole, at once (the pool may round
   * it up), or a slow client could hold memory the bound does not see. Otherwise, or if
   * the memory cannot be had, the body is read as usual.
   */
  private leaseBody(pool: BodyPool, request: IncomingMessage, mediaType: string, ticket: IntakeTicket): Buffer | undefined {
    const declared = Number(request.headers['content-length']);
    if (!Number.isSafeInteger(declared) || declared <= 0 || declared > this.options.maxBodyBytes) return undefined;
    let loan: Buffer | undefined;
    try {
      loan = pool.lease(declared, mediaType);
    } catch {
      return undefined;
    }
    if (loan === undefined || ticket.reserve(loan.buffer.byteLength)) return loan;
    pool.release(loan);
    return undefined;
  }

  /** What can be refused from the headers alone, before reading a byte of body. */
  private refusalBeforeBody(route: Route, request: IncomingMessage, mediaType: string): ReceiverError | undefined {
    if (route.mediaTypes !== undefined && !route.mediaTypes.includes(mediaType)) {
      return new ReceiverError('MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE', route.path, mediaType, route.mediaTypes.join(' or '));
    }
    const encoding = bodyEncodingOf(request.headers['content-encoding']);
    if (encoding === undefined) return new ReceiverError('MODELWATCH_ERR_UNSUPPORTED_ENCODING', request.headers['content-encoding'] ?? '');
    const declared = Number(request.headers['content-length']);
    if (encoding === 'identity' && declared > this.options.maxBodyBytes) {
      return new ReceiverError('MODELWATCH_ERR_BODY_TOO_LARGE', String(this.options.maxBodyBytes));
    }
    return undefined;
  }

  private receive(
    route: Route, request: IncomingMessage, response: ServerResponse, ticket: IntakeTicket,
    parts: { method: string; path: string; query: string; mediaType: string; tokenId?: string },
  ): void {
    const encoding = bodyEncodingOf(request.headers['content-encoding']) ?? 'identity';
    const pool = route.bodyPool;
    const lent = pool !== undefined && encoding === 'identity' ? this.leaseBody(pool, request, parts.mediaType, ticket) : undefined;
    readBody(request, encoding, {
      maxBytes: this.options.maxBodyBytes,
      // A loan was reserved whole when it was made.
      reserve: lent === undefined ? (bytes) => ticket.reserve(bytes) : () => true,
      onBytes: (bytes) => this.counters.countBodyBytes(bytes),
    }, lent)
      .then(async ({ body, wire }) => {
        await this.turns.next();
        try {
          return route.handler({
            ...parts, headers: request.headers, body: body.length === 0 ? EMPTY_BODY : body, ...(wire === undefined ? {} : { wire }),
          });
        } finally {
          this.turns.done();
        }
      })
      .finally(() => {
        if (lent !== undefined) pool!.release(lent);
      })
      .then(
        (answer) => this.send(request, response, route.path, answer),
        (error: unknown) => {
          if (error instanceof BodyAbortedError) {
            this.counters.countAborted();
            return;
          }
          if (error instanceof ReceiverError) {
            this.countBoundBreach(error);
            const answer = error.httpStatus === 503 ? this.unavailable(error, parts.mediaType) : statusResponse(error, parts.mediaType);
            this.send(request, response, route.path, answer);
            return;
          }
          diag.error(`modelwatch receiver: ${parts.method} ${route.path} failed: ${(error as Error)?.stack ?? String(error)}`);
          this.send(request, response, route.path,
            statusResponse(new ReceiverError('MODELWATCH_ERR_CONSUMER_FAILED', route.path), parts.mediaType));
        },
      )
      .catch((error: unknown) => diag.error(`modelwatch receiver: cannot answer ${route.path}: ${String(error)}`));
  }

  /**
   * 401 or 403 (RFC 6750, section 3) with a google.rpc.Status body. The presented
   * token is never logged, nor echoed: only the id of a configured token is named.
   */
  private refused(verdict: Exclude<AccessVerdict, { outcome: 'allowed' }>, route: Route, method: string, mediaType: string): RouteResponse {
    if (verdict.outcome === 'forbidden') {
      diag.debug(`modelwatch receiver: refused ${method} ${route.path}: token ${verdict.tokenId} is not an ${route.role} token`);
      return statusResponse(new ReceiverError('MODELWATCH_ERR_FORBIDDEN', route.path, verdict.tokenId, route.role), mediaType,
        { 'WWW-Authenticate': `Bearer realm="modelwatch", error="insufficient_scope", scope="${route.role}"` });
    }
    const detail = verdict.reason === 'missing' ? 'no bearer token' : 'the bearer token is not one configured';
    diag.debug(`modelwatch receiver: refused ${method} ${route.path}: ${detail}`);
    // RFC 6750: a request without credentials gets the challenge alone, with no error code.
    const challenge = verdict.reason === 'missing' ? 'Bearer realm="modelwatch"' : 'Bearer realm="modelwatch", error="invalid_token"';
    return statusResponse(new ReceiverError('MODELWATCH_ERR_UNAUTHENTICATED', route.path, detail), mediaType, { 'WWW-Authenticate': challenge });
  }

  /** A listener that throws must not keep the refusal from being answered. */
  private tellRefused(attempt: RefusedAttempt): void {
    try {
      this.refusedListener?.(attempt);
    } catch (error) {
      diag.error(`modelwatch receiver: the refusal listener failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  /** Tells boundBreached of a body too large, or one past the buffered bytes. */
  private countBoundBreach(error: ReceiverError): void {
    if (error.code === 'MODELWATCH_ERR_BODY_TOO_LARGE') this.boundBreached?.('receiver.max_body_bytes');
    else if (error.code === 'MODELWATCH_ERR_INTAKE_FULL') this.boundBreached?.('receiver.max_inflight_bytes');
  }

  private unavailable(error: ReceiverError, mediaType: string): RouteResponse {
    return statusResponse(error, mediaType, { 'Retry-After': String(this.options.retryAfterSeconds) });
  }

  private send(request: IncomingMessage, response: ServerResponse, route: string, answer: RouteResponse): void {
    if (response.headersSent || response.destroyed) return;
    const body = answer.body === undefined ? EMPTY_BODY : typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : answer.body;
    const headers: Record<string, string | number> = { ...answer.headers, 'Content-Length': body.length };
    if (answer.contentType !== undefined) headers['Content-Type'] = answer.contentType;
    // A body left unread, or a server on its way down, ends the connection after this answer.
    if (!request.complete || this.stopping !== undefined) headers.Connection = 'close';
    response.writeHead(answer.status, headers);
    response.end(body);
    this.counters.countResponse(route, answer.status);
  }
}
