import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BucketStore } from '../../src/profile/bucket-store.js';

function storeWith(keys: Iterable<number>, maxBins = 16): BucketStore {
  const s = new BucketStore(maxBins);
  for (const k of keys) s.add(k);
  return s;
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

/** Non-zero buckets as [key, count] pairs. */
function buckets(s: BucketStore): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  s.counts.forEach((w, i) => {
    if (w !== 0) out.push([i + s.offset, w]);
  });
  return out;
}

test('an empty store holds nothing', () => {
  const s = new BucketStore(16);
  assert.equal(s.total(), 0);
  assert.equal(s.lowestKey(), Infinity);
  assert.equal(s.highestKey(), -Infinity);
  assert.equal(s.byteLength(), 0);
  assert.deepEqual(s.serialize(), { offset: 0, counts: [], collapsedKey: null });
});

test('keys within maxBins are counted exactly, negative keys too', () => {
  const s = storeWith([-3, -3, 0, 5, 12]);
  assert.deepEqual(buckets(s), [[-3, 2], [0, 1], [5, 1], [12, 1]]);
  assert.equal(s.collapsedKey, -Infinity);
  assert.ok(s.counts.length <= 16);
});

test('keys 0..40 in 16 buckets: the lowest 26 collapse into key 25', () => {
  const s = storeWith(range(0, 40));
  assert.equal(s.collapsedKey, 25);
  assert.equal(s.counts.length, 16);
  assert.deepEqual(buckets(s), [[25, 26], ...range(26, 40).map((k): [number, number] => [k, 1])]);
  s.add(3);
  assert.deepEqual(buckets(s)[0], [25, 27], 'a key below the collapse point joins the collapsed bucket');
  assert.equal(s.total(), 42);
});

test('a low key arriving after high ones is collapsed, not the high ones', () => {
  const s = storeWith([100, 101, 0]);
  assert.equal(s.collapsedKey, 86);
  assert.deepEqual(buckets(s), [[86, 1], [100, 1], [101, 1]]);
});

test('merge adds counts, collapses as needed, and leaves its argument alone', () => {
  const a = storeWith(range(0, 10));
  const b = storeWith([100, 100, 105]);
  const bBefore = structuredClone(b);
  a.merge(b);
  assert.deepEqual(structuredClone(b), bBefore);
  assert.equal(a.collapsedKey, 90);
  assert.deepEqual(buckets(a), [[90, 11], [100, 2], [105, 1]]);
});

test('merging a collapsed store raises the receiver to its collapse point', () => {
  const a = storeWith(range(0, 5));
  const b = storeWith(range(0, 40));
  a.merge(b);
  assert.equal(a.collapsedKey, 25);
  assert.deepEqual(buckets(a)[0], [25, 6 + 26]);
  assert.equal(a.total(), 6 + 41);
});

test('a collapsed receiver folds lower keys of an uncollapsed argument', () => {
  const a = storeWith(range(0, 40));
  a.merge(storeWith([1, 2, 30]));
  assert.deepEqual(buckets(a)[0], [25, 28]);
  assert.deepEqual(buckets(a).find(([k]) => k === 30), [30, 2]);
});

test('serialize keeps only occupied keys and round-trips, collapsed or not', () => {
  for (const s of [storeWith([-3, -3, 0, 5, 12]), storeWith(range(0, 40)), new BucketStore(16)]) {
    const data = s.serialize();
    const back = BucketStore.deserialize(JSON.parse(JSON.stringify(data)), 16);
    assert.deepEqual(back.serialize(), data);
    assert.deepEqual(buckets(back), buckets(s));
    back.add(41);
    s.add(41);
    assert.deepEqual(buckets(back), buckets(s), 'a restored store keeps counting the same way');
  }
  assert.deepEqual(storeWith([7, 9]).serialize(), { offset: 7, counts: [1, 0, 1], collapsedKey: null });
});

test('deserialize rejects malformed data', () => {
  const bad = [
    { offset: 0.5, counts: [1], collapsedKey: null },
    { offset: 0, counts: [-1], collapsedKey: null },
    { offset: 0, counts: [1.5], collapsedKey: null },
    { offset: 0, counts: new Array(17).fill(1), collapsedKey: null },
    { offset: 0, counts: [1], collapsedKey: 3 },
    { offset: 0, counts: new Array(16).fill(1), collapsedKey: -1 },
  ];
  for (const data of bad) assert.throws(() => BucketStore.deserialize(data, 16), /invalid serialized bucket store/);
});
