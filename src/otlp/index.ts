/** OTLP as modelwatch reads and answers it: the data model, its decoders, and the response encoders. */
export type {
  AnyValue, Attributes, DataPoint, InstrumentationScope, KeyValueList, LogRecord, LogsData, Metric, MetricType, MetricsData,
  Resource, ResourceLogs, ResourceMetrics, ResourceSpans, ScopeLogs, ScopeMetrics, ScopeSpans, Span, TracesData,
} from './types.js';
export { SpanKind, StatusCode } from './types.js';
export { OtlpDecodeError } from './decode-error.js';
export { boundedMessage, MAX_ERROR_MESSAGE_LENGTH, type OtlpSignal, type PartialSuccess, type RpcStatus } from './export-response.js';
export { decodeTracesJson } from './json/decode-traces-json.js';
export { decodeLogsJson } from './json/decode-logs-json.js';
export { decodeMetricsJson } from './json/decode-metrics-json.js';
export { encodeExportResponseJson, encodeStatusJson } from './json/encode-response-json.js';
export { decodeTracesProtobuf } from './protobuf/decode-traces-protobuf.js';
export { decodeLogsProtobuf } from './protobuf/decode-logs-protobuf.js';
export { decodeMetricsProtobuf } from './protobuf/decode-metrics-protobuf.js';
export { encodeExportResponseProtobuf, encodeStatusProtobuf } from './protobuf/encode-response-protobuf.js';
