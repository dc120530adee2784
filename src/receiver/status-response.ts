import { encodeStatusJson } from '../otlp/json/encode-response-json.js';
import { encodeStatusProtobuf } from '../otlp/protobuf/encode-response-protobuf.js';
import { JSON_MEDIA_TYPE, PROTOBUF_MEDIA_TYPE } from './media-type.js';
import { grpcCodeFor, type ReceiverError } from './receiver-errors.js';
import type { RouteResponse } from './route.js';

/**
 * An error answer as OTLP/HTTP requires: the HTTP status and a google.rpc.Status
 * body, in protobuf when the request was protobuf and in JSON otherwise (JSON is
 * also what a person with curl can read).
 */
export function statusResponse(error: ReceiverError, requestMediaType: string, headers?: Readonly<Record<string, string>>): RouteResponse {
  const status = { code: grpcCodeFor(error.httpStatus), message: error.message };
  return requestMediaType === PROTOBUF_MEDIA_TYPE
    ? { status: error.httpStatus, contentType: PROTOBUF_MEDIA_TYPE, body: encodeStatusProtobuf(status), headers }
    : { status: error.httpStatus, contentType: JSON_MEDIA_TYPE, body: encodeStatusJson(status), headers };
}
