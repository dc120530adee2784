import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReferenceStore } from '../../src/reference/reference-store.js';

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-store-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('keeps reference columns per model version, with any text in the names', () => {
  withDir((dir) => {
    const store = new ReferenceStore(dir);
    const odd = { model: '../fraud/score@2', version: 'a/b c' };
    const plain = { model: 'churn', version: '3' };
    const columns = new Map([['x', [1, 2.5, null]], ['plan', ['a', 'b', 'a']], ['ml.prediction', [true, false, true]]]);
    assert.equal(store.load(odd), undefined, 'nothing kept yet');
    store.save(odd, columns);
    store.save(plain, new Map([['x', [7]]]));
    assert.deepEqual(store.load(odd), columns);
    assert.deepEqual(store.load(plain), new Map([['x', [7]]]));
    assert.equal(readdirSync(join(dir, 'references')).length, 2, 'one file each, inside the folder, no temporary left');

    store.save(plain, new Map([['x', [8, 9]]]));
    assert.deepEqual(store.load(plain), new Map([['x', [8, 9]]]), 'saving again replaces');
    store.delete(plain);
    store.delete(plain);
    assert.equal(store.load(plain), undefined);
    assert.deepEqual(store.load(odd), columns, 'the other version is untouched');
  });
});

test('a file that is not a stored reference of that version is an error, not a reference', () => {
  withDir((dir) => {
    const store = new ReferenceStore(dir);
    const key = { model: 'churn', version: '3' };
    store.save(key, new Map([['x', [1]]]));
    const [file] = readdirSync(join(dir, 'references'));
    writeFileSync(join(dir, 'references', file), JSON.stringify({ format: 1, model: 'other', version: '3', columns: {} }));
    assert.throws(() => store.load(key), /not a stored reference of churn 3/);
    writeFileSync(join(dir, 'references', file), '{"format": 1, "mod');
    assert.throws(() => store.load(key), SyntaxError);
  });
});
