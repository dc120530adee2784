import { errorCatalog, type ErrorCode, type ErrorSpec } from '../errors.js';

/**
 * The receiver's coded errors, a part of the catalog in src/errors.ts. The code leads
 * the google.rpc.Status message a client receives, so a user can search for it.
 */
export const RECEIVER_ERROR_CODES = [
  'MODELWATCH_ERR_OTLP_UNDECODABLE',
  'MODELWATCH_ERR_BODY_CORRUPT',
  'MODELWATCH_ERR_BODY_TOO_LARGE',
  'MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE',
  'MODELWATCH_ERR_UNSUPPORTED_ENCODING',
  'MODELWATCH_ERR_NOT_FOUND',
  'MODELWATCH_ERR_METHOD_NOT_ALLOWED',
  'MODELWATCH_ERR_INTAKE_FULL',
  'MODELWATCH_ERR_SHUTTING_DOWN',
  'MODELWATCH_ERR_CONSUMER_FAILED',
  'MODELWATCH_ERR_UNAUTHENTICATED',
  'MODELWATCH_ERR_FORBIDDEN',
] as const satisfies readonly ErrorCode[];

export type ReceiverErrorCode = (typeof RECEIVER_ERROR_CODES)[number];



/** google.rpc.Code values for the HTTP statuses the receiver answers with. */
const GRPC_CODE_BY_HTTP_STATUS: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  413: 3, // INVALID_ARGUMENT: permanent, as the HTTP status says
  415: 3, // INVALID_ARGUMENT
  429: 8, // RESOURCE_EXHAUSTED
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

/** The google.rpc.Code matching an HTTP status (2 UNKNOWN for others). */
export function grpcCodeFor(httpStatus: number): number {
  return GRPC_CODE_BY_HTTP_STATUS[httpStatus] ?? 2;
}

/** An error the receiver answers with its catalog status; the message is what the client reads. */
export class ReceiverError extends Error {
  readonly code: ReceiverErrorCode;
  readonly httpStatus: number;

  constructor(code: ReceiverErrorCode, ...args: string[]) {
    const spec: ErrorSpec = errorCatalog[code];
    super(`${code}: ${spec.message(...args)}`);
    this.name = 'ReceiverError';
    this.code = code;
    this.httpStatus = spec.httpStatus;
  }
}
