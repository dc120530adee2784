import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BucketKeys } from '../../src/profile/bucket-keys.js';
import { seededRandom } from '../helpers/seeded-random.js';

const invLnGammaOf = (alpha: number): number => 1 / Math.log1p((2 * alpha) / (1 - alpha));
const exactKey = (x: number, invLnGamma: number): number => Math.ceil(Math.log(x) * invLnGamma);

const scratch = new Float64Array(1);
const words = new BigUint64Array(scratch.buffer);
/** The double `steps` ulps away from a positive x. */
function ulpsAway(x: number, steps: number): number {
  scratch[0] = x;
  words[0] += BigInt(steps);
  return scratch[0];
}

/** Every key that differs from Math.log's, as "x: table vs exact" (at most 5). */
function mismatches(keys: BucketKeys, invLnGamma: number, values: Iterable<number>): string[] {
  const wrong: string[] = [];
  for (const x of values) {
    const got = keys.keyOf(x);
    const want = exactKey(x, invLnGamma);
    if (got !== want && wrong.length < 5) wrong.push(`${x}: ${got} vs ${want}`);
  }
  return wrong;
}

/** Values a few ulps either side of each bucket boundary γ^k, k in [lowKey, highKey]. */
function* nearBoundaries(invLnGamma: number, lowKey: number, highKey: number): Generator<number> {
  for (let k = lowKey; k <= highKey; k++) {
    const boundary = Math.exp(k / invLnGamma);
    for (let steps = -4; steps <= 4; steps++) yield ulpsAway(boundary, steps);
  }
}

/** The first double of each of an octave's 2048 slices and the double before it. */
function* sliceEdges(octave: number): Generator<number> {
  for (let slice = 0; slice < 2048; slice++) {
    const start = 2 ** octave * (1 + slice / 2048);
    yield start;
    yield ulpsAway(start, -1);
  }
}

test('bucket keys from the table equal Math.log\'s at every bucket boundary, give or take 4 ulps', () => {
  for (const alpha of [0.01, 0.05, 0.001]) {
    const inv = invLnGammaOf(alpha);
    const keys = BucketKeys.of(inv);
    // Values from about 1e-6 to 1e9: ln x in [-14, 21].
    const [low, high] = [Math.floor(-14 * inv), Math.ceil(21 * inv)];
    assert.deepEqual(mismatches(keys, inv, nearBoundaries(inv, low, high)), [], `α = ${alpha}`);
  }
});

test('bucket keys from the table equal Math.log\'s at every slice edge of an octave', () => {
  const inv = invLnGammaOf(0.01);
  const keys = BucketKeys.of(inv);
  for (const octave of [-3, 0, 5, 20]) {
    assert.deepEqual(mismatches(keys, inv, sliceEdges(octave)), [], `octave 2^${octave}`);
  }
});

test('bucket keys equal Math.log\'s for values across the whole range of normal doubles, past the octaves a table makes', () => {
  const inv = invLnGammaOf(0.01);
  const keys = BucketKeys.of(inv);
  const random = seededRandom(20261128);
  // Log-uniform over [2^-1022, 2^1023]: every octave is met, far more than a table makes.
  const values = Array.from({ length: 200_000 }, () => 2 ** (-1022 + random() * 2045));
  values.push(2.2250738585072014e-308, Number.MAX_VALUE, 1, 1 - Number.EPSILON / 2, 1 + Number.EPSILON);
  // Twice: the first pass makes the octaves' slices, the second reads them.
  assert.deepEqual(mismatches(keys, inv, values), []);
  assert.deepEqual(mismatches(keys, inv, values), []);
});

test('sketches of more values of α than there are tables still get Math.log\'s keys', () => {
  const random = seededRandom(7);
  for (let i = 0; i < 20; i++) {
    const inv = invLnGammaOf(0.002 + i * 0.0137);
    const keys = BucketKeys.of(inv);
    const values = Array.from({ length: 2_000 }, () => Math.exp((random() - 0.5) * 60));
    assert.deepEqual(mismatches(keys, inv, values), [], `table ${i}`);
    assert.deepEqual(mismatches(keys, inv, values), [], `table ${i}, read again`);
  }
});
