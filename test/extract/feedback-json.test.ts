import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFeedbackJson } from '../../src/extract/index.js';

describe('validateFeedbackJson: POST /v1/feedback bodies', () => {
  it('reads one object', () => {
    const body = JSON.parse('{"ml.model.name":"churn","ml.model.version":"3","ml.inference.id":"7f2c","ml.label":1,"note":"ignored"}');
    assert.deepEqual(validateFeedbackJson(body, 1000), {
      records: [{ model: 'churn', version: '3', inferenceId: '7f2c', label: 1, timeUnixMs: 1000 }],
      errors: [],
    });
  });

  it('reads an array, with an error per bad item by index and the good items kept', () => {
    const body = JSON.parse(JSON.stringify([
      { 'ml.model.name': 'churn', 'ml.inference.id': 'a', 'ml.label': 'stay' },
      { 'ml.model.name': 'churn', 'ml.label': 'stay' },
      'not an object',
      { 'ml.model.name': 'churn', 'ml.inference.id': 'b', 'ml.label': false, 'ml.model.version': null },
      { 'ml.model.name': 'churn', 'ml.inference.id': 'c', 'ml.label': [1] },
      null,
      { 'ml.model.name': 'churn', 'ml.inference.id': 'd', 'ml.label': 1, 'ml.model.version': 2 },
    ]));
    const { records, errors } = validateFeedbackJson(body, 5);
    assert.deepEqual(records.map((r) => [r.inferenceId, r.label, r.version]), [['a', 'stay', ''], ['b', false, '']]);
    assert.deepEqual(errors.map((e) => e.index), [1, 2, 4, 5, 6]);
    assert.match(errors[0].message, /ml\.inference\.id is missing/);
    assert.match(errors[1].message, /expected a JSON object .* got a string/);
    assert.match(errors[2].message, /ml\.label is an array/);
    assert.match(errors[3].message, /got null/);
    assert.match(errors[4].message, /ml\.model\.version is a number/);
  });

  it('refuses a body that is neither an object nor an array, and accepts an empty array', () => {
    assert.deepEqual(validateFeedbackJson(42, 0).errors, [{ index: 0, message: 'expected a JSON object with ml.model.name, ml.inference.id and ml.label, got a number' }]);
    assert.deepEqual(validateFeedbackJson([], 0), { records: [], errors: [] });
  });

  it('reads only own fields, not inherited ones', () => {
    const item = Object.create({ 'ml.label': 1 }) as Record<string, unknown>;
    item['ml.model.name'] = 'm';
    item['ml.inference.id'] = 'x';
    assert.match(validateFeedbackJson(item, 0).errors[0].message, /ml\.label is missing/);
  });
});
