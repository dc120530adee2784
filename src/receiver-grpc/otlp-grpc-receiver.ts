import { Metadata, Server, ServerCredentials, status as GrpcStatus, type sendUnaryData, type ServerUnaryCall, type StatusObject } from '@grpc/grpc-js';
import { diag } from '@opentelemetry/api';
import type { AccessVerdict, BearerAuth } from '../auth/bearer-auth.js';
import type { OtlpSignal } from '../otlp/export-response.js';
import type { Lifecycle } from '../pipeline/consumer.js';
import { IntakeBounds } from '../receiver/intake-bounds.js';
import { PROTOBUF_MEDIA_TYPE } from '../receiver/media-type.js';
import { OTLP_PATHS, otlpRouteHandlers, type DurableStep, type OtlpConsumers } from '../receiver/otlp-routes.js';
import { grpcCodeFor, ReceiverError } from '../receiver/receiver-errors.js';
import type { ReceiverBound, ReceiverTls } from '../receiver/receiver-options.js';
import { ReceiverStats, type ReceiverStatsSnapshot } from '../receiver/receiver-stats.js';
import { RequestTurns } from '../receiver/request-turns.js';
import type { RouteHandler, RouteResponse } from '../receiver/route.js';
import { stopGracefully } from '../receiver/stop-gracefully.js';
import { encodeStatusDetails, statusMessageOf } from './grpc-status-details.js';
import { metadataGate } from './metadata-gate.js';
import { OTLP_GRPC_SERVICES, otlpServiceDefinition } from './otlp-grpc-services.js';

/** How the OTLP/gRPC receiver listens, and what it shares with the OTLP/HTTP one. */
export interface OtlpGrpcReceiverOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** TCP port; 0 picks a free one (read it back with `address()`). @default 4317 (the OTLP/gRPC port) */
  readonly port?: number;
  /**
   * Largest request message after decompression (grpc-js's `grpc.max_receive_message_length`,
   * checked while it inflates); larger is answered RESOURCE_EXHAUSTED without RetryInfo,
   * which OTLP clients do not retry. @default 67108864 (64 MiB)
   */
  readonly maxMessageBytes?: number;
  /**
   * The intake bounds and request turns requests are taken under: the OTLP/HTTP
   * receiver's `sharedIntake()`, so both protocols share one budget.
   * @default bounds of its own: 64 requests, 256 MiB
   */
  readonly intake?: { readonly intake: IntakeBounds; readonly turns: RequestTurns };
  /** The delay RetryInfo asks of a client refused for a full intake or a shutdown. @default 1000 */
  readonly retryAfterMs?: number;
  /** On shutdown, time given to in-flight calls before their connections are cut. @default 10000 */
  readonly shutdownTimeoutMs?: number;
  /** Ingest tokens, read from the `authorization` metadata (UNAUTHENTICATED / PERMISSION_DENIED otherwise). @default none */
  readonly auth?: BearerAuth;
  /** Serve over TLS, and with `clientCa` ask every client for a certificate (mutual TLS). @default none: plaintext (h2c) */
  readonly tls?: ReceiverTls;
  /** Makes each taken request durable before it is answered. @default none */
  readonly durable?: DurableStep;
  /** Told of each call refused for a full intake, for the self-metrics. @default none */
  readonly boundBreached?: (bound: ReceiverBound) => void;
}

interface Refusal {
  readonly code: GrpcStatus;
  readonly message: string;
  /** Set for refusals worth retrying: the delay the RetryInfo detail names. */
  readonly retryDelayMs?: number;
}

/**
 * The OTLP/gRPC receiver (OTLP specification, "OTLP/gRPC"): the unary `Export` of
 * TraceService, LogsService and MetricsService, on grpc-js. A request goes through
 * the very route handlers of OTLP/HTTP's protobuf path (decode, the same consumers,
 * partial_success, the journal before the answer), under the same intake bounds and
 * turns, so both protocols behave alike and share one memory budget. Status codes:
 * INVALID_ARGUMENT for an undecodable message, UNAUTHENTICATED / PERMISSION_DENIED
 * for a missing, unknown or non-ingest bearer token (decided on the metadata by the
 * metadata gate, before the message is read), RESOURCE_EXHAUSTED with RetryInfo
 * when the intake is full, UNAVAILABLE with RetryInfo while shutting down, INTERNAL
 * when a consumer or the journal fails. grpc-js reads gzip and deflate messages.
 */
export class OtlpGrpcReceiver implements Lifecycle {
  private readonly host: string;
  private readonly port: number;
  private readonly maxMessageBytes: number;
  private readonly retryAfterMs: number;
  private readonly shutdownTimeoutMs: number;
  private readonly auth: BearerAuth | undefined;
  private readonly tls: ReceiverTls | undefined;
  private readonly boundBreached: ((bound: ReceiverBound) => void) | undefined;
  private readonly intake: IntakeBounds;
  private readonly turns: RequestTurns;
  private readonly counters = new ReceiverStats();
  private readonly handlers: Record<OtlpSignal, RouteHandler>;
  /** The bearer-token verdict the metadata gate reached for each call it let through, for the handler to read the token's id. */
  private readonly verdicts = new WeakMap<Metadata, Extract<AccessVerdict, { outcome: 'allowed' }>>();
  private server: Server | undefined;
  private boundPort: number | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(consumers: OtlpConsumers, options: OtlpGrpcReceiverOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 4317;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.retryAfterMs = options.retryAfterMs ?? 1_000;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    this.auth = options.auth;
    this.tls = options.tls;
    this.boundBreached = options.boundBreached;
    this.intake = options.intake?.intake ?? new IntakeBounds(64, 256 * 1024 * 1024);
    this.turns = options.intake?.turns ?? new RequestTurns();
    this.handlers = otlpRouteHandlers(consumers, this.counters, options.durable);
  }

  /** Starts listening; resolves once the port is bound (rejects if it cannot be). */
  start(): Promise<void> {
    if (this.stopping !== undefined) return Promise.reject(new Error('the gRPC receiver was shut down; build a new one'));
    this.starting ??= new Promise<void>((resolve, reject) => {
      const server = new Server({
        'grpc.max_receive_message_length': this.maxMessageBytes,
        interceptors: [metadataGate((metadata, method) => this.refuseUnauthorized(metadata, method))],
      });
      for (const signal of ['traces', 'logs', 'metrics'] as const) {
        server.addService(otlpServiceDefinition(signal), {
          Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => this.handle(signal, call, callback),
        });
      }
      const host = this.host.includes(':') ? `[${this.host}]` : this.host;
      server.bindAsync(`${host}:${this.port}`, this.credentials(), (error, port) => {
        if (error !== null) {
          server.forceShutdown();
          reject(new Error(`the OTLP/gRPC receiver cannot listen on ${host}:${this.port}: ${error.message}`));
          return;
        }
        this.server = server;
        this.boundPort = port;
        resolve();
      });
    });
    return this.starting;
  }

  /**
   * Stops accepting calls (new ones are answered UNAVAILABLE with RetryInfo), lets
   * in-flight calls finish, then closes; calls still open after `shutdownTimeoutMs`
   * are cut. Safe to call twice, and before `start()`.
   */
  shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.starting !== undefined) await this.starting.catch(() => undefined);
      const server = this.server;
      if (server === undefined) return;
      await stopGracefully((done) => server.tryShutdown(() => done()), () => server.forceShutdown(), this.shutdownTimeoutMs);
    })();
    return this.stopping;
  }

  /** Where the receiver listens; throws before `start()` has resolved. */
  address(): { host: string; port: number } {
    if (this.boundPort === undefined) throw new Error('the gRPC receiver is not listening; await start() first');
    return { host: this.host, port: this.boundPort };
  }

  /** The receiver's counters (responses counted by gRPC status code, under the method path). */
  stats(): ReceiverStatsSnapshot {
    return this.counters.snapshot(this.intake.inFlight, this.intake.bufferedBytes);
  }

  private credentials(): ServerCredentials {
    if (this.tls === undefined) return ServerCredentials.createInsecure();
    const clientCa = this.tls.clientCa === undefined ? null : Buffer.from(this.tls.clientCa);
    return ServerCredentials.createSsl(clientCa, [{ cert_chain: Buffer.from(this.tls.cert), private_key: Buffer.from(this.tls.key) }], clientCa !== null);
  }

  /**
   * The bearer-token check, run by the metadata gate before the request message is read:
   * a refused call is answered (and counted) here and never reaches `handle`.
   */
  private refuseUnauthorized(metadata: Metadata, method: string): StatusObject | undefined {
    const authorization = metadata.get('authorization').find((value): value is string => typeof value === 'string');
    const verdict: AccessVerdict = this.auth?.check(authorization === undefined ? {} : { authorization }, 'ingest') ?? { outcome: 'allowed' };
    if (verdict.outcome === 'allowed') {
      this.verdicts.set(metadata, verdict);
      return undefined;
    }
    const refusal = refusalOf(verdict, method);
    this.counters.countResponse(method, refusal.code);
    return { code: refusal.code, details: refusal.message, metadata: statusTrailers(refusal) };
  }

  private handle(signal: OtlpSignal, call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void {
    const method = `/${OTLP_GRPC_SERVICES[signal]}/Export`;
    const answer = (refusal: Refusal | undefined, body?: Uint8Array): void => {
      this.counters.countResponse(method, refusal?.code ?? GrpcStatus.OK);
      if (refusal === undefined) callback(null, Buffer.from(body ?? new Uint8Array(0)));
      else callback({ code: refusal.code, details: refusal.message, metadata: statusTrailers(refusal) });
    };
    // The gate let this call through; with no verdict recorded (never expected), the call is refused rather than let in unchecked.
    const verdict = this.verdicts.get(call.metadata);
    if (verdict === undefined) {
      answer({ code: GrpcStatus.INTERNAL, message: new ReceiverError('MODELWATCH_ERR_CONSUMER_FAILED', method).message });
      return;
    }
    if (this.stopping !== undefined) {
      answer(this.retryable(GrpcStatus.UNAVAILABLE, new ReceiverError('MODELWATCH_ERR_SHUTTING_DOWN')));
      return;
    }
    const body = call.request;
    const ticket = this.intake.admit();
    if (ticket === undefined) {
      this.boundBreached?.('receiver.max_inflight_requests');
      answer(this.retryable(GrpcStatus.RESOURCE_EXHAUSTED, new ReceiverError('MODELWATCH_ERR_INTAKE_FULL', 'requests in flight')));
      return;
    }
    if (!ticket.reserve(body.length)) {
      ticket.release();
      this.boundBreached?.('receiver.max_inflight_bytes');
      answer(this.retryable(GrpcStatus.RESOURCE_EXHAUSTED, new ReceiverError('MODELWATCH_ERR_INTAKE_FULL', 'too many request bytes held')));
      return;
    }
    this.counters.countBodyBytes(body.length);
    const route = OTLP_PATHS[signal];
    this.turns.next()
      .then(() => {
        try {
          return this.handlers[signal]({
            method: 'POST', path: route, query: '', mediaType: PROTOBUF_MEDIA_TYPE, headers: {}, body,
            ...(verdict.tokenId === undefined ? {} : { tokenId: verdict.tokenId }),
          });
        } finally {
          this.turns.done();
        }
      })
      .then(
        (response: RouteResponse) => {
          if (response.status === 200) answer(undefined, response.body as Uint8Array | undefined);
          else answer({ code: grpcCodeFor(response.status), message: statusMessageOf(asBytes(response.body)) });
        },
        (error: unknown) => {
          diag.error(`modelwatch gRPC receiver: ${method} failed: ${(error as Error)?.stack ?? String(error)}`);
          answer({ code: GrpcStatus.INTERNAL, message: new ReceiverError('MODELWATCH_ERR_CONSUMER_FAILED', route).message });
        },
      )
      .catch((error: unknown) => diag.error(`modelwatch gRPC receiver: cannot answer ${method}: ${String(error)}`))
      .finally(() => ticket.release());
  }

  private retryable(code: GrpcStatus, error: ReceiverError): Refusal {
    return { code, message: error.message, retryDelayMs: this.retryAfterMs };
  }
}

/** The `grpc-status-details-bin` trailer of a refusal. */
function statusTrailers(refusal: Refusal): Metadata {
  const trailers = new Metadata();
  trailers.set('grpc-status-details-bin', encodeStatusDetails(refusal.code, refusal.message, refusal.retryDelayMs));
  return trailers;
}

/** UNAUTHENTICATED or PERMISSION_DENIED; the presented token is never logged nor echoed, only a configured token's id is named. */
function refusalOf(verdict: Exclude<AccessVerdict, { outcome: 'allowed' }>, method: string): Refusal {
  if (verdict.outcome === 'forbidden') {
    return { code: GrpcStatus.PERMISSION_DENIED, message: new ReceiverError('MODELWATCH_ERR_FORBIDDEN', method, verdict.tokenId, 'ingest').message };
  }
  const detail = verdict.reason === 'missing' ? 'no bearer token in the authorization metadata' : 'the bearer token is not one configured';
  return { code: GrpcStatus.UNAUTHENTICATED, message: new ReceiverError('MODELWATCH_ERR_UNAUTHENTICATED', method, detail).message };
}

function asBytes(body: string | Uint8Array | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
