import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributeRoles, MAX_REMEMBERED_KEYS, REMEMBERED_POSITIONS, Role, classifyKey, type AttributeRole } from '../../src/extract/attribute-roles.js';
import { seededRandom } from '../helpers/seeded-random.js';

/** A role and name, without what a KeyRole adds. */
function plain(role: AttributeRole): AttributeRole {
  return { role: role.role, name: role.name };
}

describe('AttributeRoles', () => {
  it('classifies the keys of §1, prefixes with their names, and everything else as other', () => {
    assert.deepEqual(classifyKey('ml.model.name'), { role: Role.MODEL_NAME, name: 'ml.model.name' });
    assert.deepEqual(classifyKey('ml.prediction'), { role: Role.PREDICTION, name: 'ml.prediction' });
    assert.deepEqual(classifyKey('ml.prediction.score'), { role: Role.SCORE, name: 'ml.prediction.score' });
    assert.deepEqual(classifyKey('ml.feature.age'), { role: Role.FEATURE, name: 'age' });
    assert.deepEqual(classifyKey('ml.feature.a.b'), { role: Role.FEATURE, name: 'a.b' });
    assert.deepEqual(classifyKey('ml.feature.'), { role: Role.FEATURE, name: '' });
    assert.deepEqual(classifyKey('ml.prediction.proba.cat'), { role: Role.PROBA, name: 'cat' });
    assert.deepEqual(classifyKey('error.type'), { role: Role.ERROR_TYPE, name: 'error.type' });
    for (const key of ['ml.features.x', 'ml.model', 'ml.feature', 'xml.feature.x', 'http.route', '']) {
      assert.equal(classifyKey(key).role, Role.OTHER, key);
    }
  });

  it('gives the same answers when the keys outnumber what it remembers', () => {
    const roles = new AttributeRoles();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_REMEMBERED_KEYS * 1.5; i++) {
        const key = i % 2 === 0 ? `ml.feature.f${i}` : `app.attr${i}`;
        assert.deepEqual(plain(roles.of(key)), classifyKey(key), key);
      }
    }
    assert.deepEqual(plain(roles.of('ml.feature.age')), { role: Role.FEATURE, name: 'age' });
  });

  it('gives the role of the key by position whatever key was last at that position', () => {
    const roles = new AttributeRoles();
    const random = seededRandom(3);
    const keys = ['ml.model.name', 'ml.feature.a', 'ml.feature.b', 'ml.prediction', 'http.route', 'ml.prediction.proba.x', '', 'ml.feature.'];
    for (let i = 0; i < 5000; i++) {
      const position = Math.floor(random() * (REMEMBERED_POSITIONS + 8));
      // Equal keys as distinct strings too, as a decoder without interning makes them.
      const key = keys[Math.floor(random() * keys.length)];
      const copy = random() < 0.5 ? key : [...key].join('');
      assert.deepEqual(plain(roles.at(position, copy)), classifyKey(key), `${position} ${key}`);
    }
  });

  it('gives one KeyRole per key, by position or not, until it starts over, which changes its generation', () => {
    const roles = new AttributeRoles();
    const first = roles.of('ml.feature.a');
    assert.equal(roles.at(3, 'ml.feature.a'), first);
    assert.equal(roles.at(3, [...'ml.feature.a'].join('')), first);
    assert.equal(roles.at(REMEMBERED_POSITIONS + 1, 'ml.feature.a'), first);
    const generation = roles.generation;
    for (let i = 0; roles.generation === generation; i++) roles.of(`app.key.${i}`);
    const again = roles.at(3, 'ml.feature.a');
    assert.notEqual(again, first, 'a new KeyRole after starting over, even at a remembered position');
    assert.equal(roles.of('ml.feature.a'), again);
    assert.ok(roles.nextSpan() < roles.nextSpan());
  });
});
