import type { SampleRecord } from './sample-record.js';

/** A uniform sample of a stream: the records held, and how many records they were drawn from. */
export interface DrawnSample {
  readonly records: readonly SampleRecord[];
  readonly seen: number;
}

/**
 * A uniform sample of up to `size` records of the union of two streams, from a
 * uniform sample of each (each holding min(size, its seen) records). How many come
 * from each is drawn as in sampling without replacement from the union (a
 * hypergeometric count, drawn one pick at a time); those many are then drawn
 * uniformly from that stream's sample, which is a uniform subset of its stream. So
 * every `size`-subset of the union's records is equally likely.
 *
 * `random` returns uniforms in (0, 1]. The samples are not changed.
 */
export function mergeUniform(a: DrawnSample, b: DrawnSample, size: number, random: () => number): SampleRecord[] {
  let restA = a.seen;
  let restB = b.seen;
  let fromA = 0;
  const total = Math.min(size, restA + restB);
  for (let i = 0; i < total; i++) {
    // (1 - u) is in [0, 1): the pick is from a with probability restA / (restA + restB).
    if ((1 - random()) * (restA + restB) < restA) {
      fromA++;
      restA--;
    } else {
      restB--;
    }
  }
  return [...pick(a.records, fromA, random), ...pick(b.records, total - fromA, random)];
}

/** `count` records of `records` drawn uniformly without replacement (a partial Fisher–Yates shuffle of a copy). */
function pick(records: readonly SampleRecord[], count: number, random: () => number): SampleRecord[] {
  if (count > records.length) throw new RangeError(`cannot pick ${count} of ${records.length} records`);
  if (count === records.length) return [...records];
  const copy = [...records];
  for (let i = 0; i < count; i++) {
    const j = i + Math.min(copy.length - i - 1, Math.floor((1 - random()) * (copy.length - i)));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  copy.length = count;
  return copy;
}
