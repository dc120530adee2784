/**
 * Every coded error modelwatch raises on purpose, in one catalog (fastify's style).
 * A code is stable and documented in the README; the message template names what
 * went wrong and, where it can, the fix. `exitCode` is what the CLI exits with;
 * `httpStatus` is what the processor answers with.
 */
export interface ErrorSpec {
  readonly message: (...args: string[]) => string;
  readonly exitCode: number;
  readonly httpStatus: number;
}

const USAGE = 2;

export const errorCatalog = {
  MODELWATCH_ERR_USAGE: {
    message: (detail) => detail,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_FILE_UNREADABLE: {
    message: (file, reason) => `${file}: cannot read the file (${reason})`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_FILE_UNWRITABLE: {
    message: (file, reason) => `${file}: cannot write the file (${reason})`,
    exitCode: USAGE,
    httpStatus: 500,
  },
  MODELWATCH_ERR_FILE_EMPTY: {
    message: (file) => `${file}: the file is empty; expected a header row and at least one data row`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_FILE_FORMAT: {
    message: (file) =>
      `${file}: unknown format; name it .csv, .jsonl or .ndjson, or pass --input-format csv|jsonl`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_RAGGED_ROW: {
    message: (file, row, found, expected) =>
      `${file}: row ${row}: has ${found} fields, the header has ${expected}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_CSV_SYNTAX: {
    message: (file, row, column, detail) => `${file}: row ${row}, column ${column}: ${detail}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_JSONL_SYNTAX: {
    message: (file, row, column, detail) => `${file}: line ${row}, column ${column}: ${detail}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_DUPLICATE_COLUMN: {
    message: (file, column) => `${file}: header: column "${column}" appears more than once`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_NO_COMMON_COLUMNS: {
    message: (reference, current) =>
      `${current}: no column in common with ${reference}; the files must share at least one feature column`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_UNKNOWN_COLUMN: {
    message: (file, option, column, available) =>
      `${file}: ${option} names column "${column}", which is not in the header (columns: ${available})`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_BAD_TARGET: {
    message: (file, detail) => `${file}: ${detail}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_BAD_PROFILE: {
    message: (file, detail) => `${file}: not a saved profile: ${detail}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_PROFILE_INCOMPATIBLE: {
    message: (what, reason) => `cannot merge ${what}: ${reason}`,
    exitCode: USAGE,
    httpStatus: 409,
  },
  MODELWATCH_ERR_CONFIG: {
    message: (source, count, problems) => `${source}: ${count} in the configuration:\n${problems}`,
    exitCode: USAGE,
    httpStatus: 400,
  },
  MODELWATCH_ERR_LISTEN: {
    message: (address, what, reason, fix) => `cannot listen on ${address} for ${what} (${reason}); ${fix}`,
    exitCode: USAGE,
    httpStatus: 500,
  },
  // The OTLP/HTTP receiver's answers (src/receiver): the code leads the google.rpc.Status message.

  MODELWATCH_ERR_OTLP_UNDECODABLE: {
    message: (path, detail) => `${path}: the body is not a valid OTLP export request: ${detail}`,
    exitCode: 2,
    httpStatus: 400,
  },
  MODELWATCH_ERR_BODY_CORRUPT: {
    message: (encoding, detail) => `the ${encoding} body cannot be decompressed (${detail})`,
    exitCode: 2,
    httpStatus: 400,
  },
  MODELWATCH_ERR_BODY_TOO_LARGE: {
    message: (limit) =>
      `the request body is larger than ${limit} bytes after decompression; send smaller batches or raise the receiver's maxBodyBytes`,
    exitCode: 2,
    httpStatus: 413,
  },
  MODELWATCH_ERR_UNSUPPORTED_MEDIA_TYPE: {
    message: (path, got, accepted) => `${path}: Content-Type "${got}" is not accepted; send ${accepted}`,
    exitCode: 2,
    httpStatus: 415,
  },
  MODELWATCH_ERR_UNSUPPORTED_ENCODING: {
    message: (got) => `Content-Encoding "${got}" is not supported; send gzip, deflate or identity`,
    exitCode: 2,
    httpStatus: 415,
  },
  MODELWATCH_ERR_NOT_FOUND: {
    message: (path) => `${path}: no such endpoint; OTLP goes to /v1/traces, /v1/logs or /v1/metrics`,
    exitCode: 2,
    httpStatus: 404,
  },
  MODELWATCH_ERR_METHOD_NOT_ALLOWED: {
    message: (method, path, allowed) => `${method} ${path}: method not allowed; use ${allowed}`,
    exitCode: 2,
    httpStatus: 405,
  },
  MODELWATCH_ERR_INTAKE_FULL: {
    message: (what) => `the receiver is at capacity (${what}); retry after the Retry-After delay`,
    exitCode: 2,
    httpStatus: 503,
  },
  MODELWATCH_ERR_SHUTTING_DOWN: {
    message: () => 'the receiver is shutting down; retry against another instance or after the Retry-After delay',
    exitCode: 2,
    httpStatus: 503,
  },
  MODELWATCH_ERR_UNAUTHENTICATED: {
    message: (path, detail) => `${path}: ${detail}; send Authorization: Bearer <token> with a token configured in receiver.auth`,
    exitCode: 2,
    httpStatus: 401,
  },
  MODELWATCH_ERR_FORBIDDEN: {
    message: (path, tokenId, role) => `${path}: the token ${tokenId} is not an ${role} token; use one from receiver.auth.${role === 'admin' ? 'admin_' : ''}tokens_file or _env`,
    exitCode: 2,
    httpStatus: 403,
  },
  MODELWATCH_ERR_CONSUMER_FAILED: {
    message: (path) => `${path}: the request could not be processed (an internal error, logged by the server)`,
    exitCode: 3,
    httpStatus: 500,
  },
  MODELWATCH_ERR_AUDIT_FAILED: {
    message: (action) => `${action}: its audit record could not be kept (logged by the server), so the answer is withheld; a change it made stays made`,
    exitCode: 3,
    httpStatus: 500,
  },
  // Moving a model version's state between replicas (src/model/version-state.ts).

  MODELWATCH_ERR_BAD_STATE: {
    message: (detail) => `the body is not a model version's state as GET /v1/models/{name}/{version}/state answers it: ${detail}`,
    exitCode: 2,
    httpStatus: 400,
  },
  MODELWATCH_ERR_STATE_IN_HANDOFF: {
    message: (model, version) => `model "${model}" version "${version}" is being asked of the other replicas here; ask again after the Retry-After delay`,
    exitCode: 2,
    httpStatus: 503,
  },
  MODELWATCH_ERR_STATE_CONFLICT: {
    message: (model, version, detail) => `model "${model}" version "${version}": the state cannot be merged here: ${detail}`,
    exitCode: 2,
    httpStatus: 409,
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorCatalog;

/** An expected failure with a code from the catalog; anything else is a bug. */
export class ModelwatchError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly httpStatus: number;

  constructor(code: ErrorCode, ...args: string[]) {
    const spec: ErrorSpec = errorCatalog[code];
    super(spec.message(...args));
    this.name = 'ModelwatchError';
    this.code = code;
    this.exitCode = spec.exitCode;
    this.httpStatus = spec.httpStatus;
  }
}
