import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tensorInputs } from '../../instrumentation/tfjs-inputs.js';
import { tensorOutputs } from '../../instrumentation/tfjs-outputs.js';
import { loadTfjs } from './tfjs-classifier.js';

// No instrumentation here: these read real TF.js tensors directly.
const tf = loadTfjs();

describe('TF.js call inputs as feature columns', () => {
  it('reads [N, F] as F features of N values, named f<j> by default', () => {
    const inputs = tensorInputs(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), ['x'], undefined);
    assert.equal(inputs?.rows, 2);
    assert.deepEqual([...inputs!.features], [['f0', [1, 4]], ['f1', [2, 5]], ['f2', [3, 6]]]);
  });

  it('reads [N] as one feature and a scalar as one row', () => {
    assert.deepEqual([...tensorInputs(tf.tensor1d([7, 8, 9]), undefined, undefined)!.features], [['f0', [7, 8, 9]]]);
    const scalar = tensorInputs(tf.scalar(4), undefined, ['only']);
    assert.equal(scalar?.rows, 1);
    assert.deepEqual([...scalar!.features], [['only', [4]]]);
  });

  it('keeps booleans and strings as they are', () => {
    const flags = tensorInputs(tf.tensor2d([[true], [false]], [2, 1], 'bool'), undefined, ['flag']);
    assert.deepEqual(flags?.features.get('flag'), [true, false]);
    const words = tensorInputs(tf.tensor2d([['a', 'b'], ['c', 'd']], [2, 2], 'string'), undefined, undefined);
    assert.deepEqual(words?.features.get('f1'), ['b', 'd']);
  });

  it('names the columns of several inputs `<input>_<j>`, or by featureNames across the inputs in order', () => {
    const pair = [tf.tensor2d([[1], [2]]), tf.tensor2d([[3, 4], [5, 6]])];
    assert.deepEqual([...tensorInputs(pair, ['a', 'b'], undefined)!.features.keys()], ['a_0', 'b_0', 'b_1']);
    assert.deepEqual([...tensorInputs(pair, ['a', 'b'], ['x', 'y', 'z'])!.features], [['x', [1, 2]], ['y', [3, 5]], ['z', [4, 6]]]);
    const named = tensorInputs({ age: tf.tensor2d([[30], [40]]), income: tf.tensor2d([[1.5], [2.5]]) }, undefined, undefined);
    assert.deepEqual([...named!.features], [['age_0', [30, 40]], ['income_0', [1.5, 2.5]]]);
  });

  it('gives no features for an image or an input whose rows differ, but still the batch size', () => {
    const images = tensorInputs(tf.zeros([3, 8, 8, 1]), ['image'], undefined);
    assert.equal(images?.rows, 3);
    assert.equal(images?.features.size, 0);
    const mixed = tensorInputs([tf.tensor2d([[1], [2]]), tf.tensor2d([[9]])], ['a', 'b'], undefined);
    assert.deepEqual([...mixed!.features.keys()], ['a_0']);
  });

  it('does not read the tensor when no input is captured', () => {
    const untouchable = { shape: [5, 2], dtype: 'float32', dataSync: () => assert.fail('data read') };
    const inputs = tensorInputs(untouchable, undefined, undefined, false);
    assert.equal(inputs?.rows, 5);
    assert.equal(inputs?.features.size, 0);
  });

  it('gives no columns for what is not a tensor', () => {
    assert.equal(tensorInputs([[1, 2]], undefined, undefined), undefined);
    assert.equal(tensorInputs('text', undefined, undefined), undefined);
  });
});

describe('TF.js call outputs as prediction columns', () => {
  it('reads rows of probabilities as label, score and per-class probabilities', () => {
    const outputs = tensorOutputs(tf.tensor2d([[0.25, 0.75], [0.5, 0.5]]), { classes: ['no', 'yes'] });
    assert.equal(outputs.rows, 2);
    assert.deepEqual(outputs.predictions, ['yes', 'no']);
    assert.deepEqual(outputs.scores, [0.75, 0.5], 'two classes: the positive class probability');
    assert.deepEqual(outputs.probabilities?.get('yes'), [0.75, 0.5]);
  });

  it('gives no prediction for rows that are not probability distributions (logits, several targets)', () => {
    const outputs = tensorOutputs(tf.tensor2d([[2.5, -1, 0.5]]), { classes: ['a', 'b', 'c'] });
    assert.deepEqual(outputs, { rows: 1 });
  });

  it('reads [N] and [N, 1] as one prediction per row', () => {
    assert.deepEqual(tensorOutputs(tf.tensor2d([[1.5], [-2]]), {}).predictions, [1.5, -2]);
    assert.deepEqual(tensorOutputs(tf.tensor1d([0.25, 0.5]), {}).predictions, [0.25, 0.5]);
  });

  it('reads a float output in [0, 1] of a binary classifier as the positive class probability', () => {
    const outputs = tensorOutputs(tf.tensor2d([[0.25], [0.75]]), { task: 'classification' });
    assert.deepEqual(outputs.predictions, [0, 1]);
    assert.deepEqual(outputs.scores, [0.25, 0.75]);
    assert.deepEqual(tensorOutputs(tf.tensor1d([1.5]), { task: 'classification' }).predictions, [1.5], 'not a probability');
  });

  it('labels an integer output by classes, as a class index', () => {
    assert.deepEqual(tensorOutputs(tf.tensor1d([2, 0], 'int32'), { classes: ['a', 'b', 'c'] }).predictions, ['c', 'a']);
  });

  it('reads the first output of several, in an array or by name', () => {
    assert.deepEqual(tensorOutputs([tf.tensor1d([3]), tf.tensor1d([4])], {}).predictions, [3]);
    assert.deepEqual(tensorOutputs({ price: tf.tensor1d([5]), other: tf.tensor1d([6]) }, {}).predictions, [5]);
  });

  it('gives only the rows for a higher-rank or disposed output', () => {
    assert.deepEqual(tensorOutputs(tf.zeros([2, 4, 4]), {}), { rows: 2 });
    const disposed = tf.tensor1d([1, 2]);
    disposed.dispose();
    assert.deepEqual(tensorOutputs(disposed, {}), { rows: 2 });
    assert.deepEqual(tensorOutputs(42, {}), {});
  });
});
