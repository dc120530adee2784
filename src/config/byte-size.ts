/** Decimal (kB = 1,000) and binary (KiB = 1,024) units, as IEC 80000-13 names them. */
const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;

/** What the configuration says when a size cannot be read. */
export const BYTE_SIZE_FIX = 'write a whole number of bytes, or a number and a unit such as 512KiB, 64MiB or 1GiB';

/**
 * Reads a byte size: a whole number of bytes, or a number and a unit (`B`, `kB`,
 * `MB`, `GB`, `KiB`, `MiB`, `GiB`; any case), into whole bytes. Undefined when it is
 * not one, or not a safe integer of bytes.
 *
 * @example tryParseByteSize('64MiB') // 67108864
 */
export function tryParseByteSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = SIZE.exec(value.trim());
  if (match === null) return /^\d+$/.test(value.trim()) ? tryParseByteSize(Number(value.trim())) : undefined;
  const unit = UNIT_BYTES[match[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
