/**
 * Walker's alias table (Walker 1977; Vose's construction, 1991) for drawing
 * category indices with given weights in O(1) each.
 */
export class CategoryDraw {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  /** @param weights non-negative, not all zero */
  constructor(weights: ArrayLike<number>) {
    const k = weights.length;
    let total = 0;
    for (let i = 0; i < k; i++) total += weights[i];
    this.probability = new Float64Array(k);
    this.alias = new Int32Array(k);
    const scaled = Float64Array.from(weights, (w) => (w * k) / total);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < k; i++) (scaled[i] < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large[large.length - 1];
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] -= 1 - scaled[s];
      if (scaled[l] < 1) small.push(large.pop()!);
    }
    // What is left is 1 up to rounding.
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }

  get categories(): number {
    return this.probability.length;
  }

  /**
   * Counts per category of `size` draws, into `out` (zeroed first).
   * @param random uniforms in (0, 1)
   */
  counts(size: number, random: () => number, out: Float64Array): Float64Array {
    out.fill(0);
    const k = this.probability.length;
    for (let d = 0; d < size; d++) {
      const x = random() * k;
      const i = Math.floor(x);
      out[x - i < this.probability[i] ? i : this.alias[i]]++;
    }
    return out;
  }
}
