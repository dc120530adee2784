import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelSettings, parseConfig } from '../../src/config/index.js';

const work = mkdtempSync(join(tmpdir(), 'modelwatch-models-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'fraud-v3.csv'), 'amount\n1\n');
writeFileSync(join(work, 'churn.json'), '{}');

const config = parseConfig(`
reference: { size: 500 }
drift: { calibrate: true, false_alarm_rate: 0.005, drift_share: 0.5 }
models:
  - name: fraud
    drift: { drift_share: 0.3 }
    features: { amount: { method: psi }, id: { ignore: true } }
    ignore: [session]
  - name: fraud
    version: "3"
    reference: { file: fraud-v3.csv }
    drift: { calibrate: false }
  - name: churn
    reference: { file: churn.json }
`, { name: 'm.yaml', baseDir: work });

test('an exact (name, version) entry wins, and its unset keys take the top-level values', () => {
  const v3 = modelSettings(config, 'fraud', '3');
  assert.equal(v3.entry, 1);
  assert.deepEqual(v3.reference, { kind: 'file', path: join(work, 'fraud-v3.csv') });
  assert.deepEqual(v3.drift, { calibrate: false, false_alarm_rate: 0.005, drift_share: 0.5 });
  assert.equal(v3.features.size, 0);
});

test('other versions take the entry without a version', () => {
  const v4 = modelSettings(config, 'fraud', '4');
  assert.equal(v4.entry, 0);
  assert.deepEqual(v4.reference, { kind: 'traffic', size: 500 });
  assert.deepEqual(v4.drift, { calibrate: true, false_alarm_rate: 0.005, drift_share: 0.3 });
  assert.deepEqual(v4.features.get('amount'), { method: 'psi' });
  assert.deepEqual([...v4.ignored].sort(), ['id', 'session']);
});

test('a .json reference file is a saved profile', () => {
  assert.deepEqual(modelSettings(config, 'churn', '1').reference, { kind: 'profile', path: join(work, 'churn.json') });
});

test('a model without an entry runs on the defaults', () => {
  const other = modelSettings(config, 'ranker', 'unversioned');
  assert.equal(other.entry, -1);
  assert.deepEqual(other.reference, { kind: 'traffic', size: 500 });
  assert.deepEqual(other.drift, config.drift);
  assert.equal(other.ignored.size, 0);
});
