import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { fixturesDir } from '../helpers/fixtures.js';
import { assertClose } from '../helpers/close-to.js';
import { referenceProbabilities, tinyClassifierBytes } from '../fixtures/models/tiny-classifier.js';

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort;
const modelPath = join(fixturesDir, 'models', 'tiny-classifier.onnx');

test('the committed tiny-classifier.onnx is what make-tiny-onnx writes', () => {
  const committed = readFileSync(modelPath);
  assert.ok(committed.equals(tinyClassifierBytes()), 'regenerate it: node dist/test/fixtures/models/make-tiny-onnx.js --write');
  assert.ok(committed.length < 1024, `a tiny model, got ${committed.length} bytes`);
});

test('onnxruntime runs the tiny model as softmax(x·W + b), the same as its JS definition', async () => {
  const session = await ort.InferenceSession.create(modelPath);
  assert.deepEqual(session.inputNames, ['features']);
  assert.deepEqual(session.outputNames, ['probabilities']);
  const rows = [
    [5.1, 3.5, 1.4, 0.2],
    [5.9, 2.8, 4.3, 1.3],
    [6.6, 3.0, 5.6, 2.0],
    [-2, 10, 0.5, 7],
  ];
  const { probabilities } = await session.run({ features: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]) });
  assert.deepEqual(probabilities.dims, [rows.length, 3]);
  assert.equal(probabilities.type, 'float32');
  // The JS model reads the same float32 inputs, in double precision: float32 rounding of the graph only.
  const expected = referenceProbabilities(rows.map((row) => row.map(Math.fround)));
  const got = probabilities.data as Float32Array;
  expected.forEach((row, r) => row.forEach((p, k) => assertClose(got[r * 3 + k], p, { absolute: 1e-6 }, `row ${r} class ${k}`)));
  // Each class wins somewhere: the test rows are not all one class.
  const winners = new Set(expected.slice(0, 3).map((row) => row.indexOf(Math.max(...row))));
  assert.equal(winners.size, 3);
  await session.release();
});
