/**
 * Names the type of an attribute value (OTLP AnyValue) or of a parsed JSON value in a
 * rejection message: "a kvlist", "an array", "bytes"... so a sender can see what it sent.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Map) return 'a kvlist';
  if (value instanceof Uint8Array) return 'bytes';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a bool';
    default: return 'an object';
  }
}
