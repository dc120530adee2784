/** The OTLP/gRPC receiver of `modelwatch serve`. */
export { OtlpGrpcReceiver, type OtlpGrpcReceiverOptions } from './otlp-grpc-receiver.js';
export { OTLP_GRPC_SERVICES, otlpServiceDefinition } from './otlp-grpc-services.js';
export { encodeStatusDetails, RETRY_INFO_TYPE_URL } from './grpc-status-details.js';
