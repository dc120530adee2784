/**
 * OTLP times are Unix nanoseconds in a 64-bit integer; the data model keeps Unix
 * milliseconds as a double (src/otlp/types.ts). Every decoder splits the nanoseconds
 * exactly into whole milliseconds and the remaining nanoseconds, then calls this, so
 * JSON and protobuf copies of one timestamp give the same double.
 *
 * @param wholeMillis floor(nanos / 1e6), an exact integer
 * @param remainderNanos nanos mod 1e6, an exact integer in [0, 1e6)
 */
export function unixMillis(wholeMillis: number, remainderNanos: number): number {
  return remainderNanos === 0 ? wholeMillis : wholeMillis + remainderNanos / 1e6;
}
