import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** test/fixtures, found from the compiled test's place in dist/test/helpers. */
export const fixturesDir = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));

/** Parses a committed golden fixture written by test/fixtures/gen_*.py. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as T;
}

/** JSON has no NaN or Infinity: the generators write them as these strings. */
export function decodeNumber(v: number | string | null): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === null) return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`fixture value ${JSON.stringify(v)} is not a number`);
}

export function decodeNumbers(vs: ReadonlyArray<number | string | null>): Float64Array {
  return Float64Array.from(vs, decodeNumber);
}
