const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `size` bytes from `start` as lower-case hex: a trace or span id as the data model holds it. */
export function hexOf(bytes: Uint8Array, start: number, size: number): string {
  let hex = '';
  for (let i = start; i < start + size; i++) hex += HEX_PAIRS[bytes[i]];
  return hex;
}
