import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Role } from '../../src/extract/attribute-roles.js';
import { InferenceAttributes } from '../../src/extract/inference-attributes.js';

/** The feature names InferenceAttributes ends with after taking `names` in order, given the names of the span before. */
function featureNamesOf(names: readonly string[], sharedNames?: readonly string[]): readonly string[] {
  const read = new InferenceAttributes(undefined, sharedNames);
  read.take(Role.MODEL_NAME, 'ml.model.name', 'ml.model.name', 'm');
  for (const name of names) read.take(Role.FEATURE, name, `ml.feature.${name}`, 1);
  return read.featureNames;
}

describe('InferenceAttributes feature names', () => {
  it('are the earlier span\'s array itself when they are the same names in the same order', () => {
    const earlier = ['a', 'b', 'c'];
    assert.equal(featureNamesOf(['a', 'b', 'c'], earlier), earlier);
    assert.deepEqual(earlier, ['a', 'b', 'c'], 'the shared array is only read');
  });

  it('are an array of their own, with the names taken, whenever they differ', () => {
    const earlier = ['a', 'b', 'c'];
    const cases: (readonly string[])[] = [[], ['a'], ['a', 'b'], ['a', 'b', 'c', 'd'], ['a', 'x', 'c'], ['x', 'a', 'b'], ['c', 'b', 'a'], ['b', 'c']];
    for (const names of cases) {
      const taken = featureNamesOf(names, earlier);
      assert.notEqual(taken, earlier, names.join());
      assert.deepEqual(taken, names, names.join());
    }
    assert.deepEqual(earlier, ['a', 'b', 'c'], 'the shared array is only read');
  });

  it('are the names taken without an earlier span', () => {
    assert.deepEqual(featureNamesOf(['a', 'b']), ['a', 'b']);
    assert.deepEqual(featureNamesOf([]), []);
  });
});
