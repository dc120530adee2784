import { diag } from '@opentelemetry/api';
import { takesProtobufTraces, takesSpanTables, type ConsumeResult, type LogsConsumer, type MetricsConsumer, type TracesConsumer } from '../pipeline/consumer.js';
import { undecodableDetail } from '../otlp/decode-error.js';
import type { OtlpSignal, PartialSuccess } from '../otlp/export-response.js';
import { decodeLogsJson } from '../otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../otlp/json/decode-traces-json.js';
import { encodeExportResponseJson } from '../otlp/json/encode-response-json.js';
import { decodeLogsProtobuf } from '../otlp/protobuf/decode-logs-protobuf.js';
import { decodeMetricsProtobuf } from '../otlp/protobuf/decode-metrics-protobuf.js';
import { decodeTracesProtobuf } from '../otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../otlp/protobuf/decode-traces-table.js';
import { SpanTable } from '../otlp/span-table.js';
import { encodeExportResponseProtobuf } from '../otlp/protobuf/encode-response-protobuf.js';
import type { LogsData, MetricsData, TracesData } from '../otlp/types.js';
import { JSON_MEDIA_TYPE, PROTOBUF_MEDIA_TYPE } from './media-type.js';
import { ReceiverError } from './receiver-errors.js';
import type { ReceiverStats } from './receiver-stats.js';
import type { RouteHandler, RouteRequest, RouteResponse } from './route.js';
import { statusResponse } from './status-response.js';
import { dataPointCount, logRecordCount, spanCount } from '../otlp/item-counts.js';

/** The stages the receiver hands decoded OTLP to: one per signal. */
export interface OtlpConsumers {
  readonly traces: TracesConsumer;
  readonly logs: LogsConsumer;
  readonly metrics: MetricsConsumer;
}

/**
 * Makes a request's effect durable before it is answered (`serve --data-dir`): called
 * after the consumer took the request, the 200 waits for the promise. A rejection
 * answers 500, and the client resends.
 */
export type DurableStep = (signal: OtlpSignal, request: RouteRequest) => Promise<void>;

/** The URL path of each signal (OTLP/HTTP's defaults). */
export const OTLP_PATHS: Readonly<Record<OtlpSignal, string>> = Object.freeze({
  traces: '/v1/traces',
  logs: '/v1/logs',
  metrics: '/v1/metrics',
});

/** The media types every OTLP route accepts. */
export const OTLP_MEDIA_TYPES: readonly string[] = Object.freeze([PROTOBUF_MEDIA_TYPE, JSON_MEDIA_TYPE]);

interface SignalCodec<T> {
  readonly decodeJson: (text: string) => T;
  readonly decodeProtobuf: (bytes: Uint8Array) => T;
  /** Spans, log records or data points in a request: what partial_success counts. */
  readonly countItems: (data: T) => number;
  readonly itemName: string;
}

const TRACES: SignalCodec<TracesData> = {
  decodeJson: decodeTracesJson,
  decodeProtobuf: decodeTracesProtobuf,
  countItems: spanCount,
  itemName: 'spans',
};

/**
 * Traces for a consumer that takes SpanTables: protobuf is decoded into one (no
 * object or Map per span, the ingest hot path), JSON into a tree as before.
 */
const TRACES_TO_TABLES: SignalCodec<TracesData | SpanTable> = {
  decodeJson: decodeTracesJson,
  decodeProtobuf: decodeTracesTable,
  countItems: (data) => (data instanceof SpanTable ? data.size : spanCount(data)),
  itemName: 'spans',
};

const LOGS: SignalCodec<LogsData> = {
  decodeJson: decodeLogsJson,
  decodeProtobuf: decodeLogsProtobuf,
  countItems: logRecordCount,
  itemName: 'log records',
};

const METRICS: SignalCodec<MetricsData> = {
  decodeJson: decodeMetricsJson,
  decodeProtobuf: decodeMetricsProtobuf,
  countItems: dataPointCount,
  itemName: 'data points',
};

/** The three OTLP route handlers, wired to their consumers. */
export function otlpRouteHandlers(consumers: OtlpConsumers, stats: ReceiverStats, durable?: DurableStep): Record<OtlpSignal, RouteHandler> {
  return {
    traces: tracesHandler(consumers.traces, stats, durable),
    logs: signalHandler('logs', LOGS, (data) => consumers.logs.consumeLogs(data), stats, durable),
    // Profiles mode's metrics change the windows as spans do: journalled alike.
    metrics: signalHandler('metrics', METRICS, (data) => consumers.metrics.consumeMetrics(data), stats, durable),
  };
}

function tracesHandler(consumer: TracesConsumer, stats: ReceiverStats, durable: DurableStep | undefined): RouteHandler {
  if (!takesSpanTables(consumer)) return signalHandler('traces', TRACES, (data) => consumer.consumeTraces(data), stats, durable);
  const inPlace = signalHandler('traces', TRACES_TO_TABLES, (data) => (
    data instanceof SpanTable ? consumer.consumeSpanTable(data) : consumer.consumeTraces(data)
  ), stats, durable);
  if (!takesProtobufTraces(consumer)) return inPlace;
  // Protobuf bodies go to the consumer undecoded (decoded on another thread); the answer is the one in place.
  return (request) => {
    if (request.mediaType !== PROTOBUF_MEDIA_TYPE) return inPlace(request);
    return consumer.consumeProtobufTraces(request.body).then((outcome) => (outcome.undecodable !== undefined
      ? undecodable('traces', outcome.undecodable, request)
      : answered('traces', TRACES_TO_TABLES.itemName, outcome.items, outcome.result, request, stats, durable)));
  };
}

/** 400 for a body that does not decode, saying why. */
function undecodable(signal: OtlpSignal, detail: string, request: RouteRequest): RouteResponse {
  diag.debug(`modelwatch receiver: refused an undecodable ${signal} request: ${detail}`);
  return statusResponse(new ReceiverError('MODELWATCH_ERR_OTLP_UNDECODABLE', request.path, detail), request.mediaType);
}

/**
 * 200 with an Export*ServiceResponse in the request's encoding, carrying
 * partial_success when the consumer rejected some of the `total` items; after the
 * durable step, when there is one and anything was taken.
 */
function answered(
  signal: OtlpSignal, itemName: string, total: number, result: ConsumeResult, request: RouteRequest, stats: ReceiverStats, durable?: DurableStep,
): RouteResponse | Promise<RouteResponse> {
  const rejected = Math.min(Math.max(0, Math.trunc(result.rejected) || 0), total);
  stats.countItems(signal, total - rejected, rejected);
  const message = result.message ?? '';
  const partialSuccess: PartialSuccess | undefined = rejected > 0 || message !== ''
    ? { rejected, errorMessage: message !== '' ? message : `${rejected} of ${total} ${itemName} were rejected` }
    : undefined;
  const response: RouteResponse = request.mediaType === PROTOBUF_MEDIA_TYPE
    ? { status: 200, contentType: PROTOBUF_MEDIA_TYPE, body: encodeExportResponseProtobuf(signal, partialSuccess) }
    : { status: 200, contentType: JSON_MEDIA_TYPE, body: encodeExportResponseJson(signal, partialSuccess) };
  // Queued now, in the order the consumer took it, so replay redoes effects in the same order.
  if (durable !== undefined && rejected < total) return durable(signal, request).then(() => response);
  return response;
}

/**
 * Decode, hand over synchronously, answer: 400 when the body does not decode, else
 * 200 with an Export*ServiceResponse in the request's encoding, carrying
 * partial_success when the consumer rejected some items. A consumer that throws
 * propagates: the receiver answers 500.
 */
function signalHandler<T>(
  signal: OtlpSignal, codec: SignalCodec<T>, consume: (data: T) => ConsumeResult, stats: ReceiverStats, durable?: DurableStep,
): RouteHandler {
  return (request: RouteRequest): RouteResponse | Promise<RouteResponse> => {
    const protobuf = request.mediaType === PROTOBUF_MEDIA_TYPE;
    let data: T;
    try {
      data = protobuf ? codec.decodeProtobuf(request.body) : codec.decodeJson(request.body.toString('utf8'));
    } catch (error) {
      // Anything thrown while decoding is the body's fault, not the server's.
      return undecodable(signal, undecodableDetail(error), request);
    }
    return answered(signal, codec.itemName, codec.countItems(data), consume(data), request, stats, durable);
  };
}
