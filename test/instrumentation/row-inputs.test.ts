import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowInputs } from '../../instrumentation/row-inputs.js';
import { predictionOutputs } from '../../instrumentation/prediction-outputs.js';
import { seededRandom } from '../helpers/seeded-random.js';

test('a row object, an array of rows, a row as an array and a matrix all become columns', () => {
  assert.deepEqual(rowInputs({ tenure: 12, plan: 'pro', trial: false }), {
    rows: 1, features: new Map<string, unknown[]>([['tenure', [12]], ['plan', ['pro']], ['trial', [false]]]),
  });
  assert.deepEqual(rowInputs([{ a: 1, b: 'x' }, { a: 2 }, { b: 'y', c: { nested: true } }]), {
    rows: 3, features: new Map<string, unknown[]>([['a', [1, 2, null]], ['b', ['x', null, 'y']], ['c', [null, null, null]]]),
  });
  assert.deepEqual(rowInputs([5.1, 3.5], ['sepal_length', 'sepal_width']), {
    rows: 1, features: new Map([['sepal_length', [5.1]], ['sepal_width', [3.5]]]),
  });
  assert.deepEqual(rowInputs([[1, 2, 3], [4, 5]], ['a', 'b']), {
    rows: 2, features: new Map([['a', [1, 4]], ['b', [2, 5]], ['f2', [3, null]]]),
  });
  assert.deepEqual(rowInputs([Float32Array.of(0.5, 1.5)]), { rows: 1, features: new Map([['f0', [0.5]], ['f1', [1.5]]]) });
});

test('inputs that are not rows give no columns', () => {
  assert.equal(rowInputs('a prompt'), undefined);
  assert.equal(rowInputs(42), undefined);
  assert.equal(rowInputs(new Map([['a', 1]])), undefined);
  assert.equal(rowInputs(null), undefined);
});

test('outputs: values, arrays of values, and rows of class probabilities', () => {
  assert.deepEqual(predictionOutputs(3.2, 1), { predictions: [3.2] });
  assert.deepEqual(predictionOutputs('setosa', 1), { predictions: ['setosa'] });
  assert.deepEqual(predictionOutputs([0, 2, 1], 3), { predictions: [0, 2, 1] });
  assert.deepEqual(predictionOutputs({ label: 'x' }, 1), {}, 'an object needs readOutput');
  const classes = ['setosa', 'versicolor', 'virginica'];
  assert.deepEqual(predictionOutputs([[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]], 2, classes), {
    predictions: ['versicolor', 'setosa'],
    scores: [0.7, 0.6],
    probabilities: new Map([['setosa', [0.1, 0.6]], ['versicolor', [0.7, 0.3]], ['virginica', [0.2, 0.1]]]),
  });
  const binary = predictionOutputs([0.2, 0.8], 1);
  assert.deepEqual([binary.predictions, binary.scores], [[1], [0.8]], 'one row of two probabilities: the score is the positive class\'s');
  assert.deepEqual(predictionOutputs([0.2, 0.8], 2), { predictions: [0.2, 0.8] }, 'two rows: two predictions');
});

/** Row objects read row by row, as first written: the oracle for the column-by-column reading of rows that share their keys. */
function referenceObjectColumns(rows: readonly unknown[]): { rows: number; features: Map<string, unknown[]> } {
  const features = new Map<string, unknown[]>();
  const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v)
    && [Object.prototype, null].includes(Object.getPrototypeOf(v));
  rows.forEach((row, index) => {
    if (!isRow(row)) return;
    for (const key of Object.keys(row)) {
      let column = features.get(key);
      if (column === undefined) features.set(key, (column = new Array<unknown>(rows.length).fill(null)));
      const value = row[key];
      column[index] = ['number', 'string', 'boolean'].includes(typeof value) ? value : null;
    }
  });
  return { rows: rows.length, features };
}

test('rows with the same keys are read column by column, to the same columns as any rows', () => {
  const random = seededRandom(5);
  const keys = ['a', 'b', 'c', 'd'];
  const value = () => [1.5, 0, NaN, 'x', true, null, undefined, { o: 1 }, [2]][Math.floor(random() * 9)];
  const shapes: Record<string, (i: number) => unknown> = {
    same: () => Object.fromEntries(keys.map((k) => [k, value()])),
    reordered: (i) => Object.fromEntries((i === 2 ? [...keys].reverse() : keys).map((k) => [k, value()])),
    missingKey: (i) => Object.fromEntries(keys.filter((k) => i !== 1 || k !== 'b').map((k) => [k, value()])),
    extraKey: (i) => Object.fromEntries([...keys, ...(i === 3 ? ['e'] : [])].map((k) => [k, value()])),
    notRows: (i) => (i === 2 ? [null, 'text', new Date(0), 7][Math.floor(random() * 4)] : Object.fromEntries(keys.map((k) => [k, value()]))),
    nullPrototype: () => Object.assign(Object.create(null), Object.fromEntries(keys.map((k) => [k, value()]))),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    for (const count of [1, 2, 5]) {
      const rows = Array.from({ length: count }, (_, i) => make(i));
      if (count === 1 && shape === 'notRows') continue;
      assert.deepStrictEqual(rowInputs(rows), referenceObjectColumns(rows), `${shape}, ${count} rows`);
    }
  }
  assert.deepStrictEqual(rowInputs({ a: 1, b: 'x' }), referenceObjectColumns([{ a: 1, b: 'x' }]), 'one row object');
});

/** Rows of class scores read as first written: the oracle for the reading that preallocates its columns. */
function referenceFromProbabilities(result: ArrayLike<ArrayLike<number>>, classes?: readonly (string | number)[]) {
  const rows = Array.from(result);
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const labels = Array.from({ length: width }, (_, k) => String(classes?.[k] ?? k));
  const predictions: unknown[] = [];
  const scores: number[] = [];
  const probabilities = new Map(labels.map((label) => [label, [] as number[]]));
  for (const row of rows) {
    let best = -1;
    for (let k = 0; k < row.length; k++) if (best < 0 || row[k] > row[best]) best = k;
    predictions.push(best < 0 ? null : classes?.[best] ?? best);
    scores.push(width === 2 && row.length === 2 ? row[1] : best < 0 ? NaN : row[best]);
    labels.forEach((label, k) => probabilities.get(label)!.push(k < row.length ? row[k] : NaN));
  }
  return { predictions, scores, probabilities };
}

test('rows of class scores of every odd shape read as before', () => {
  const odd: [unknown, (string | number)[] | undefined][] = [
    [[[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], ['a', 'a', 'b']],
    [[Float32Array.of(0.25, 0.75), [1]], undefined],
    [[[0.1, 0.9], 5 as unknown as number[]], undefined],
    [[[], [0.3, NaN, 0.7]], [1, 2]],
    [[[0.4, 0.6], [0.9, 0.1]], ['no', 'yes']],
  ];
  for (const [result, classes] of odd) {
    assert.deepStrictEqual(predictionOutputs(result, 2, classes), referenceFromProbabilities(result as number[][], classes), JSON.stringify(result));
  }
});

test('rows with getters: each read once, in row then key order, as key by key', () => {
  const reads: string[] = [];
  const row = (i: number) => ({ a: i, get b() { reads.push(`b${i}`); return i * 2; }, get c() { reads.push(`c${i}`); return 'x'; } });
  const rows = [row(0), row(1), row(2)];
  const columns = rowInputs(rows);
  assert.deepEqual(reads, ['b0', 'c0', 'b1', 'c1', 'b2', 'c2']);
  reads.length = 0;
  assert.deepStrictEqual(columns, referenceObjectColumns(rows));
  const selfEditing = () => [{ get a() { delete (this as { b?: number }).b; return 1; }, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }];
  const read = rowInputs(selfEditing());
  assert.deepStrictEqual(read, referenceObjectColumns(selfEditing()));
  assert.deepEqual(read?.features.get('b'), [null, 5], 'a property a getter removed is missing, and the next is not shifted into its column');
});

test('class probabilities: labels shared by two classes share a column, as before', () => {
  const rows = [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]];
  const columns = predictionOutputs(rows, 2, ['a', 'a', 'b']);
  assert.deepEqual(columns.probabilities, new Map([['a', [0.2, 0.5, 0.6, 0.1]], ['b', [0.3, 0.3]]]));
  assert.deepEqual(columns.predictions, ['a', 'a']);
  const ragged = predictionOutputs([Float32Array.of(0.25, 0.75), [1]], 2);
  assert.deepEqual(ragged, { predictions: [1, 0], scores: [0.75, 1], probabilities: new Map([['0', [0.25, 1]], ['1', [0.75, NaN]]]) });
});
