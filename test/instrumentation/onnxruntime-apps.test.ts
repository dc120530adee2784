import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Attributes } from '@opentelemetry/api';
import { SPANS_MARKER } from '../fixtures/onnx-apps/spans-marker.js';

/*
 * Real apps in their own processes, as users run them: `node --import ./telemetry-setup.js
 * app`, the app a plain CommonJS or ES module onnxruntime-node program. The ES module app
 * is run without and with import-in-the-middle's loader: without it, only the require of
 * onnxruntime-common inside onnxruntime-node can be seen.
 */

const run = promisify(execFile);
const appsDir = fileURLToPath(new URL('../fixtures/onnx-apps/', import.meta.url));

interface PrintedSpan {
  name: string;
  status: { code: number };
  attributes: Attributes;
}

async function spansOf(app: string, options: { iitm: boolean }): Promise<{ spans: PrintedSpan[]; probabilities: number[] }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MODELWATCH_PRINT_SPANS: '1', MODELWATCH_TEST_IITM: options.iitm ? '1' : '0' };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  const { stdout } = await run(process.execPath, ['--import', './telemetry-setup.js', app], { cwd: appsDir, env, timeout: 60_000 });
  const lines = stdout.split('\n');
  const spansLine = lines.find((line) => line.startsWith(SPANS_MARKER));
  const resultLine = lines.find((line) => line.startsWith('probabilities '));
  assert.ok(spansLine !== undefined && resultLine !== undefined, `the app printed its result and spans:\n${stdout}`);
  return {
    spans: JSON.parse(spansLine.slice(SPANS_MARKER.length)) as PrintedSpan[],
    probabilities: resultLine.slice('probabilities '.length).split(',').map(Number),
  };
}

for (const [app, iitm] of [['cjs-app.cjs', false], ['esm-app.js', false], ['esm-app.js', true]] as const) {
  test(`${app}${iitm ? ' with the import-in-the-middle loader' : ''}: its onnxruntime-node runs are traced`, async () => {
    const { spans, probabilities } = await spansOf(app, { iitm });
    assert.equal(spans.length, 1, JSON.stringify(spans));
    const [span] = spans;
    assert.equal(span.name, 'predict tiny-iris');
    assert.equal(span.status.code, 0);
    assert.equal(span.attributes['ml.batch.size'], 2);
    assert.deepEqual(span.attributes['ml.feature.features_0'], [5.1, 6.6]);
    assert.deepEqual(span.attributes['ml.prediction'], ['setosa', 'virginica']);
    // The app's own result: the probabilities the span reports, as float32.
    const proba = ['setosa', 'versicolor', 'virginica'].map((label) => span.attributes[`ml.prediction.proba.${label}`] as number[]);
    probabilities.forEach((p, i) => assert.equal(Math.fround(proba[i % 3][Math.floor(i / 3)]), Math.fround(p), `value ${i}`));
  });
}
