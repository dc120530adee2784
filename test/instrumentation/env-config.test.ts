import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../instrumentation/env-config.js';

test('MODELWATCH_* variables make the default model entry', () => {
  assert.deepEqual(configFromEnv({}), { models: [] });
  assert.deepEqual(configFromEnv({
    MODELWATCH_MODEL_NAME: 'churn', MODELWATCH_MODEL_VERSION: '3', MODELWATCH_MODEL_TASK: 'classification',
    MODELWATCH_FEATURE_NAMES: 'tenure, plan ,spend', MODELWATCH_CLASSES: 'stay,leave', MODELWATCH_CAPTURE_INPUTS: 'tenure,plan',
    MODELWATCH_SENSITIVE: 'plan', MODELWATCH_HASH_KEY: 'k', MODELWATCH_MAX_TEXT_LENGTH: '64', MODELWATCH_MAX_FEATURES: '10', MODELWATCH_MODE: 'profiles',
  }), {
    models: [{
      name: 'churn', version: '3', task: 'classification', featureNames: ['tenure', 'plan', 'spend'], classes: ['stay', 'leave'],
      captureInputs: ['tenure', 'plan'], sensitive: ['plan'], hashKey: 'k', maxTextLength: 64, maxFeatures: 10, mode: 'profiles',
    }],
  });
  assert.deepEqual(configFromEnv({ MODELWATCH_CAPTURE_INPUTS: 'none' }), { models: [{ captureInputs: 'none' }] });
});

test('a models file adds entries with match, before the default one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-env-'));
  try {
    const file = join(dir, 'models.json');
    writeFileSync(file, JSON.stringify([{ match: 'fraud', name: 'fraud', version: '7' }]));
    assert.deepEqual(configFromEnv({ MODELWATCH_MODELS_FILE: file, MODELWATCH_MODEL_NAME: 'other' }), {
      models: [{ match: 'fraud', name: 'fraud', version: '7' }, { name: 'other' }],
    });
    writeFileSync(file, '{"name": "not an array"}');
    assert.throws(() => configFromEnv({ MODELWATCH_MODELS_FILE: file }), /MODELWATCH_MODELS_FILE: .*expected a JSON array/);
    assert.throws(() => configFromEnv({ MODELWATCH_MODELS_FILE: join(dir, 'missing.json') }), /MODELWATCH_MODELS_FILE: .*ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed variable is named in the error', () => {
  assert.throws(() => configFromEnv({ MODELWATCH_MAX_FEATURES: '0' }), /MODELWATCH_MAX_FEATURES must be a positive integer/);
  assert.throws(() => configFromEnv({ MODELWATCH_MODE: 'raw' }), /MODELWATCH_MODE must be "spans" or "profiles"/);
});
