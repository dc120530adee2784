/** An array or a typed array (a tensor's data): something indexed by row or column. */
export function isVector(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}
