/**
 * How deep AnyValue arrays and key-value lists (and, in protobuf, skipped groups) may
 * nest. Real attributes nest a level or two; a body nesting deeper is hostile, and is
 * refused as undecodable rather than allowed to exhaust the stack.
 */
export const MAX_NESTING = 64;
