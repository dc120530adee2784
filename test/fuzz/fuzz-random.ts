import { seededRandom } from '../helpers/seeded-random.js';

/** A seeded source of the choices a mutator makes, so every fuzz case is reproducible from (seed, case index). */
export class FuzzRandom {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.min(n - 1, Math.floor(this.#next() * n));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** Small numbers often, large ones sometimes: sizes for inserted runs, nesting depths, repeats. */
  size(max: number): number {
    return Math.min(max, Math.floor(Math.exp(this.#next() * Math.log(max + 1))));
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.below(256);
    return out;
  }
}

/** The case generator of one target: case i of a campaign is `generate(new FuzzRandom(seed + i))`. */
export type CaseGenerator<T> = (random: FuzzRandom) => T;

/** Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong NUL, a surrogate, past U+10FFFF. */
export const INVALID_UTF8: readonly Uint8Array[] = [
  Uint8Array.of(0x80), Uint8Array.of(0xff), Uint8Array.of(0xc3), Uint8Array.of(0xe2, 0x82),
  Uint8Array.of(0xc0, 0x80), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xf4, 0x90, 0x80, 0x80), Uint8Array.of(0xfe, 0xfe, 0xff),
];

/** Plain byte-level mutations: bit flips, inserted, deleted and overwritten runs, truncation, duplicated slices. */
export function mutateRawBytes(random: FuzzRandom, input: Uint8Array): Uint8Array {
  const bytes = Uint8Array.from(input);
  const at = (extra = 0) => random.below(bytes.length + extra);
  switch (random.below(7)) {
    case 0: {
      const flips = random.size(16);
      for (let i = 0; i < flips && bytes.length > 0; i++) bytes[at()] ^= 1 << random.below(8);
      return bytes;
    }
    case 1: {
      const i = at(1);
      return concat(bytes.subarray(0, i), random.bytes(random.size(64)), bytes.subarray(i));
    }
    case 2: {
      const i = at(1);
      return concat(bytes.subarray(0, i), bytes.subarray(Math.min(bytes.length, i + random.size(64))));
    }
    case 3: return bytes.subarray(0, at(1));
    case 4: {
      const i = at(1);
      const j = Math.min(bytes.length, i + random.size(256));
      return concat(bytes.subarray(0, j), bytes.subarray(i, j), bytes.subarray(j));
    }
    case 5: {
      const i = at(1);
      return concat(bytes.subarray(0, i), random.pick(INVALID_UTF8), bytes.subarray(i));
    }
    default: {
      const run = random.size(32);
      const i = at();
      const value = random.pick([0x00, 0xff, 0x7f, 0x80]);
      for (let k = i; k < Math.min(bytes.length, i + run); k++) bytes[k] = value;
      return bytes;
    }
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
