/**
 * A QuantileSketch's bucket key of a positive normal double, `ceil(ln x / ln γ)`,
 * exactly as `Math.ceil(Math.log(x) * invLnGamma)` computes it, read from a table
 * where the table can answer.
 *
 * Why: Math.log was the largest part of adding a value to a numeric profile (8–9 of
 * 17–20 ns a value on this machine; bench:stats' profile ingest), and the processor
 * adds one per numeric feature per span. The table answers in about 3 ns.
 *
 * The table: each binary octave [2^e, 2^(e+1)) is cut into 2^SLICE_BITS slices of
 * equal width (the doubles whose top SLICE_BITS mantissa bits are equal). A slice's
 * entry is its key when its first and last doubles have the same key, and NO_KEY when
 * a bucket boundary falls inside it; then the key is computed. Reading the entry is
 * exact because the key never decreases as x grows (Math.log is monotone: V8's is
 * fdlibm's, within 1 ulp; test/profile/bucket-keys.test.ts compares the table with
 * Math.log at every slice edge and a few ulps either side of each bucket boundary).
 * At α = 0.01 a bucket is 0.02 wide in ln x and a slice at most 2^-11, so about 2.5% of
 * slices are NO_KEY.
 *
 * An octave's slices are made the first time a value falls in it (2 × 2048 logs, about
 * 50 µs), at most MAX_OCTAVES per table (8 KiB each): values beyond keep the computed
 * key. Tables are shared by every sketch of the same α, for at most MAX_TABLES values
 * of α (a deserialized profile may carry any); other sketches compute every key.
 */
export class BucketKeys {
  readonly #invLnGamma: number;
  /** Per octave (the double's biased exponent): its slices, NOT_MADE, or ALL_COMPUTED. */
  readonly #octaves: Int32Array[];
  #made = 0;

  private constructor(invLnGamma: number, octaves: Int32Array[]) {
    this.#invLnGamma = invLnGamma;
    this.#octaves = octaves;
  }

  /** The shared table for sketches with this 1 / ln γ. */
  static of(invLnGamma: number): BucketKeys {
    let keys = TABLES.get(invLnGamma);
    if (keys !== undefined) return keys;
    if (TABLES.size >= MAX_TABLES) return new BucketKeys(invLnGamma, EVERY_KEY_COMPUTED);
    keys = new BucketKeys(invLnGamma, new Array<Int32Array>(OCTAVES).fill(NOT_MADE));
    TABLES.set(invLnGamma, keys);
    return keys;
  }

  /** The key of x, for x ≥ 2^-1022 (a positive normal double, not Infinity). */
  keyOf(x: number): number {
    SCRATCH[0] = x;
    const high = SCRATCH_WORDS[HIGH_WORD];
    const slices = this.#octaves[high >>> 20];
    const key = slices[(high >>> SLICE_SHIFT) & SLICE_MASK];
    if (key !== NO_KEY) return key;
    if (slices === NOT_MADE) return this.#firstInOctave(x, high >>> 20);
    return Math.ceil(Math.log(x) * this.#invLnGamma);
  }

  #firstInOctave(x: number, octave: number): number {
    this.#octaves[octave] = this.#made < MAX_OCTAVES ? this.#slicesOf(octave) : ALL_COMPUTED;
    this.#made++;
    return this.keyOf(x);
  }

  #slicesOf(octave: number): Int32Array {
    const slices = new Int32Array(SLICES);
    const key = (y: number): number => Math.ceil(Math.log(y) * this.#invLnGamma);
    let first = key(sliceStart(octave, 0));
    for (let slice = 0; slice < SLICES; slice++) {
      const next = sliceStart(octave, slice + 1);
      const nextKey = key(next);
      slices[slice] = key(previousDouble(next)) === first ? first : NO_KEY;
      first = nextKey;
    }
    return slices;
  }
}

const SLICE_BITS = 11;
const SLICES = 1 << SLICE_BITS;
const SLICE_MASK = SLICES - 1;
/** The slice index's place in the high word: below the 11 exponent bits, the top SLICE_BITS of its 20 mantissa bits. */
const SLICE_SHIFT = 20 - SLICE_BITS;
const OCTAVES = 2048;
const MAX_OCTAVES = 128;
const MAX_TABLES = 8;
/** No key stored: a bucket boundary falls inside the slice. */
const NO_KEY = -0x80000000;
/** An octave not yet met: every read misses, which leads to making its slices. */
const NOT_MADE = new Int32Array(SLICES).fill(NO_KEY);
/** An octave met after MAX_OCTAVES: every key computed. */
const ALL_COMPUTED = new Int32Array(SLICES).fill(NO_KEY);
/** The octaves of a sketch whose α found no table left: shared, never written. */
const EVERY_KEY_COMPUTED = new Array<Int32Array>(OCTAVES).fill(ALL_COMPUTED);
const TABLES = new Map<number, BucketKeys>();

const SCRATCH = new Float64Array(1);
const SCRATCH_WORDS = new Uint32Array(SCRATCH.buffer);
/** Which of a double's two 32-bit words holds its sign, exponent and top mantissa bits. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The first double of a slice (slice SLICES is the next octave's first). */
function sliceStart(octave: number, slice: number): number {
  SCRATCH_WORDS[HIGH_WORD] = ((octave << 20) + (slice << SLICE_SHIFT)) >>> 0;
  SCRATCH_WORDS[1 - HIGH_WORD] = 0;
  return SCRATCH[0];
}

/** The largest double below a positive normal y. */
function previousDouble(y: number): number {
  SCRATCH[0] = y;
  if (SCRATCH_WORDS[1 - HIGH_WORD] === 0) {
    SCRATCH_WORDS[HIGH_WORD]--;
    SCRATCH_WORDS[1 - HIGH_WORD] = 0xffffffff;
  } else {
    SCRATCH_WORDS[1 - HIGH_WORD]--;
  }
  return SCRATCH[0];
}
