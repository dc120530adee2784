import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { OtlpSignal } from '../otlp/export-response.js';

/*
 * The OTLP/gRPC services, from opentelemetry-proto's
 * opentelemetry/proto/collector/{trace,logs,metrics}/v1/*_service.proto:
 *
 *   package opentelemetry.proto.collector.trace.v1;
 *   service TraceService { rpc Export(ExportTraceServiceRequest) returns (ExportTraceServiceResponse) {} }
 *   (logs.v1 LogsService, metrics.v1 MetricsService alike)
 *
 * Each is one unary method. The messages stay bytes here: the request goes whole to
 * the project's own decoders (src/otlp/protobuf, the same ones OTLP/HTTP uses), the
 * response comes encoded from its response encoder, so nothing is generated or loaded
 * from a .proto at run time.
 */

/** The gRPC service name of each signal's Export. */
export const OTLP_GRPC_SERVICES: Readonly<Record<OtlpSignal, string>> = Object.freeze({
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
});

/** A message as its protobuf bytes: grpc-js hands them over (decompressed) and sends them as they are. */
const asBytes = (message: Uint8Array): Buffer => (Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength));
const fromBytes = (bytes: Buffer): Buffer => bytes;

/** The grpc-js definition of one signal's service: `Export`, bytes in and bytes out. */
export function otlpServiceDefinition(signal: OtlpSignal): ServiceDefinition {
  const exportMethod: MethodDefinition<Uint8Array, Uint8Array> = {
    path: `/${OTLP_GRPC_SERVICES[signal]}/Export`,
    requestStream: false,
    responseStream: false,
    requestSerialize: asBytes,
    requestDeserialize: fromBytes,
    responseSerialize: asBytes,
    responseDeserialize: fromBytes,
    originalName: 'export',
  };
  return { Export: exportMethod };
}
