/**
 * Which records of a stream a reservoir of `capacity` slots takes, by Algorithm L
 * (Kim-Hung Li, "Reservoir-Sampling Algorithms of Time Complexity O(n(1 + log(N/n)))",
 * ACM TOMS 20(4), 1994). Once the reservoir is full, the number of records to pass
 * over before the next one is taken is drawn directly from its distribution, so a
 * record that is not taken costs one comparison with `next`, not a random draw per
 * record as in Algorithm R. The sample is the same: after n records, each of them is
 * in the reservoir with probability capacity / n, and every subset of that size is
 * equally likely.
 */
export class AlgorithmL {
  readonly capacity: number;
  readonly #random: () => number;
  /** Li's W, the running maximum of the reservoir's uniform keys' minima, as a product. */
  #w = 1;
  /** The 1-based position, in the stream, of the next record to take. */
  next = 1;

  /** `random` returns uniforms in (0, 1]: a 0 would make a logarithm infinite. */
  constructor(capacity: number, random: () => number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`a reservoir holds at least 1 record, got ${capacity}`);
    this.capacity = capacity;
    this.#random = random;
  }

  /**
   * Takes the record at position `next`: returns the slot in [0, capacity) it goes to
   * (replacing what was there once the reservoir is full) and moves `next` on.
   */
  take(): number {
    const position = this.next;
    const k = this.capacity;
    if (position <= k) {
      this.next = position === k ? this.#nextAfter(k) : position + 1;
      return position - 1;
    }
    const slot = Math.min(k - 1, Math.floor((1 - this.#random()) * k));
    this.next = this.#nextAfter(position);
    return slot;
  }

  /** Where the skips stand, to be taken back by `restore` (the durable state's snapshot). */
  state(): AlgorithmLState {
    return { w: this.#w, next: this.next };
  }

  restore(state: AlgorithmLState): void {
    this.#w = state.w;
    this.next = state.next;
  }

  #nextAfter(position: number): number {
    this.#w *= Math.exp(Math.log(this.#random()) / this.capacity);
    // log1p keeps ln(1 - W) exact when W is small (long streams); W = 1 gives a skip of 0.
    const skip = Math.floor(Math.log(this.#random()) / Math.log1p(-this.#w));
    return position + (Number.isNaN(skip) ? 0 : skip) + 1;
  }
}

/** Uniforms in (0, 1] from Math.random, which returns [0, 1). */
export function uniformOpenAtZero(): number {
  return 1 - Math.random();
}

/** AlgorithmL's running state as plain JSON. */
export interface AlgorithmLState {
  readonly w: number;
  readonly next: number;
}
