import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoricalProfile, IncompatibleProfileError, NumericProfile } from '../../src/profile/index.js';
import { categoricalSample, rng } from './generators.js';

function profileOf(records: readonly unknown[], maxCategories = 100): CategoricalProfile {
  const p = new CategoricalProfile({ maxCategories });
  for (const r of records) p.add(r);
  return p;
}

/** Exact category counts, by the documented string form, with missing and mismatches left out. */
function trueCounts(records: readonly unknown[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of records) {
    if (r === null || r === undefined || r === '' || typeof r === 'object') continue;
    if (typeof r === 'number' && !Number.isFinite(r)) continue;
    const c = String(r);
    m.set(c, (m.get(c) ?? 0) + 1);
  }
  return m;
}

/** The invariants that hold for every profile, capped or not. */
function assertConsistent(p: CategoricalProfile, records: readonly unknown[], label: string): void {
  const truth = trueCounts(records);
  let kept = 0;
  for (const [c, w] of p.categories()) {
    assert.equal(w, truth.get(c) ?? 0, `${label}: count of ${c}`);
    kept += w;
  }
  assert.ok(p.categories().size <= p.maxCategories, `${label}: cap`);
  assert.equal(kept + p.overflow, p.valueCount, `${label}: kept + overflow = values`);
  assert.equal(p.count, records.length);
  assert.equal(p.count, p.valueCount + p.missing + p.typeMismatch);
  for (const [c, w] of truth) {
    const n = p.countOf(c);
    if (n !== undefined) assert.equal(n, w, `${label}: countOf(${c})`);
  }
}

test('small example checkable by hand', () => {
  const p = profileOf(['a', 'b', 'a', null, '', 3, '3', true, { x: 1 }, [1], NaN, undefined]);
  assert.equal(p.count, 12);
  assert.equal(p.missing, 4);
  assert.equal(p.typeMismatch, 2);
  assert.equal(p.valueCount, 6);
  assert.equal(p.overflow, 0);
  assert.deepEqual(p.categories(), new Map([['a', 2], ['b', 1], ['3', 2], ['true', 1]]));
  assert.equal(p.countOf('zzz'), 0, 'without overflow an unseen category has count 0');
});

test('cap: the first maxCategories distinct categories are kept, the rest overflow', () => {
  const p = profileOf(['a', 'b', 'c', 'a', 'd', 'd', 'd', 'b'], 2);
  assert.deepEqual(p.categories(), new Map([['a', 2], ['b', 2]]));
  assert.equal(p.overflow, 4);
  assert.equal(p.countOf('d'), undefined, 'd may be in the overflow');
  assert.equal(p.valueCount, 8);
});

test('seeded categories are counted exactly even when others arrive first', () => {
  const p = new CategoricalProfile({ maxCategories: 2, categories: ['ref1', 'ref2', 'ref3'] });
  for (const v of ['new', 'ref2', 'new', 'ref1']) p.add(v);
  assert.deepEqual(p.categories(), new Map([['ref1', 1], ['ref2', 1]]));
  assert.equal(p.overflow, 2);
});

test('merge keeps only exact counts, the largest when over the cap', () => {
  const a = profileOf(['x', 'x', 'x', 'y', 'z'], 3); // x3 y1 z1, no overflow
  const b = profileOf(['y', 'w', 'w', 'v', 'x'], 3); // y1 w2 v1, overflow x1
  a.merge(b);
  // x is kept by a but hidden in b's overflow: not exact. y = 2, z = 1 (b has no z
  // kept but has overflow: not exact), w = 2 and v = 1 (a has no overflow: exact).
  assert.deepEqual(a.categories(), new Map([['y', 2], ['w', 2], ['v', 1]]));
  assert.equal(a.overflow, 3 + 1 + 1);
  assert.equal(a.valueCount, 10);
  // Both sides overflowed: only q is known exactly in both.
  const c = profileOf(['p', 'q', 'x', 'y'], 3);
  c.merge(profileOf(['q', 'r', 's', 't'], 3));
  assert.deepEqual(c.categories(), new Map([['q', 2]]));
  assert.equal(c.overflow, 6);
  // Two places are free, but 'r' may already be in the overflow: it is not kept.
  c.add('r');
  c.add('q');
  assert.equal(c.countOf('r'), undefined);
  assert.deepEqual(c.categories(), new Map([['q', 3]]));
  assert.equal(c.overflow, 7);
});

test('merge with ties keeps this profile\'s categories first', () => {
  const a = profileOf(['a', 'b'], 2);
  a.merge(profileOf(['c', 'd'], 2));
  assert.deepEqual(a.categories(), new Map([['a', 1], ['b', 1]]));
  assert.equal(a.overflow, 2);
});

test('property: merge(profile(A), profile(B)) against profile(A ∪ B)', () => {
  for (const [size, distinct] of [[0, 5], [1, 5], [50, 10], [3000, 40], [20000, 400]]) {
    const records = categoricalSample(size, distinct, size + distinct);
    const u = rng(size);
    for (const cut of [0, Math.floor(u() * size), size]) {
      for (const cap of [1000, 50, 5]) {
        const label = `n ${size}, distinct ${distinct}, cut ${cut}, cap ${cap}`;
        const a = profileOf(records.slice(0, cut), cap);
        const b = profileOf(records.slice(cut), cap);
        const whole = profileOf(records, cap);
        const bBefore = structuredClone(b);
        const merged = a.merge(b);
        assert.deepEqual(structuredClone(b), bBefore, `${label}: argument changed`);
        for (const key of ['count', 'missing', 'typeMismatch', 'valueCount'] as const) {
          assert.equal(merged[key], whole[key], `${label}: ${key}`);
        }
        assertConsistent(merged, records, label);
        assertConsistent(whole, records, `${label} (single pass)`);
        if (whole.overflow === 0 && merged.overflow === 0) {
          assert.deepEqual(merged.categories(), whole.categories(), label);
        }
        if (cap >= distinct) assert.equal(merged.overflow, 0, `${label}: no overflow below the cap`);
      }
    }
  }
});

test('clone is independent; merging incompatible caps throws', () => {
  const p = profileOf(['a', 'b', 'a']);
  const c = p.clone();
  c.add('z');
  assert.deepEqual(p.categories(), new Map([['a', 2], ['b', 1]]));
  assert.equal(c.categories().get('z'), 1);
  const q = new CategoricalProfile({ maxCategories: 7 });
  assert.equal(p.mergeable(q), false);
  assert.throws(
    () => p.merge(q),
    (e: unknown) => e instanceof IncompatibleProfileError && /maxCategories differs \(100 vs 7\)/.test(e.message),
  );
  assert.throws(() => new CategoricalProfile({ maxCategories: 0 }), RangeError);
  assert.throws(() => new CategoricalProfile({ maxCategories: 2.5 }), RangeError);
});

test('serialize round-trips through JSON; deserialize rejects inconsistent data', () => {
  const p = profileOf(categoricalSample(2000, 30, 3), 10);
  const data = JSON.parse(JSON.stringify(p.serialize()));
  const back = CategoricalProfile.deserialize(data);
  assert.deepEqual(back.serialize(), p.serialize());
  assert.deepEqual(back.categories(), p.categories());
  assert.throws(() => CategoricalProfile.deserialize({ ...data, overflow: data.overflow + 1 }), /not/);
  assert.throws(() => CategoricalProfile.deserialize({ ...data, kind: 'numeric' }), /expected kind/);
  assert.throws(() => CategoricalProfile.deserialize({ ...data, categories: [['a', 1], ['a', 1]] }), /category entry/);
  assert.ok(p.byteSize() > 0);
});

test('reads missing-value tokens as the report does', () => {
  const categorical = new CategoricalProfile();
  const numeric = new NumericProfile();
  for (const value of ['NA', ' n/a ', 'None', '', 'null', 'red', '2.5', 'abc']) {
    categorical.add(value);
    numeric.add(value);
  }
  assert.equal(categorical.missing, 5);
  assert.equal(categorical.valueCount, 3);
  assert.equal(numeric.missing, 5);
  assert.equal(numeric.typeMismatch, 2, "'red' and 'abc'");
  assert.equal(numeric.valueCount, 1);
});
