/** The OTLP/HTTP receiver: the first stage of `modelwatch serve`. */
export { OtlpHttpReceiver } from './otlp-http-receiver.js';
export { OTLP_MEDIA_TYPES, OTLP_PATHS, type OtlpConsumers } from './otlp-routes.js';
export { DEFAULT_RECEIVER_OPTIONS, resolveReceiverOptions, type OtlpHttpReceiverOptions, type ReceiverTls, type ResolvedReceiverOptions } from './receiver-options.js';
export type { ReceiverStatsSnapshot, ResponseCount } from './receiver-stats.js';
export type { RouteHandler, RouteOptions, RouteRequest, RouteResponse } from './route.js';
export { JSON_MEDIA_TYPE, PROTOBUF_MEDIA_TYPE, mediaTypeOf } from './media-type.js';
export { ReceiverError, RECEIVER_ERROR_CODES, grpcCodeFor, type ReceiverErrorCode } from './receiver-errors.js';
export { statusResponse } from './status-response.js';
