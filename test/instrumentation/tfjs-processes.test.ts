import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fixturesDir } from '../helpers/fixtures.js';
import { classifier } from './tfjs-classifier.js';

/*
 * Real apps in their own processes: the preload (test/fixtures/tfjs/instrument.*) sets
 * up the SDK and ModelInstrumentation as an app's telemetry setup does, then the app
 * loads TF.js its own way. What the app got and the spans made are read from stdout.
 */

const appsDir = join(fixturesDir, 'tfjs');

interface PrintedSpan {
  name: string;
  status: number;
  spanId: string;
  attributes: Record<string, unknown>;
}

interface AppRun {
  result: { one: string[]; five: string[]; fromUrl: string[] };
  spans: PrintedSpan[];
}

function runApp(preload: '--require' | '--import', preloadFile: string, app: string): AppRun {
  const run = spawnSync(process.execPath, [preload, `./${preloadFile}`, `./${app}`], { cwd: appsDir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `${app} exited with ${run.status}: ${run.stderr}`);
  const printed = (prefix: string): unknown => {
    const line = run.stdout.split('\n').find((text) => text.startsWith(`${prefix} `));
    assert.ok(line, `${app} printed ${prefix}: ${run.stdout}`);
    return JSON.parse(line.slice(prefix.length + 1));
  };
  return { result: printed('RESULT') as AppRun['result'], spans: printed('SPANS') as PrintedSpan[] };
}

/** The app's three predict calls are three spans that say what the app got. */
function assertTraced({ result, spans }: AppRun): void {
  assert.deepEqual(
    spans.map((span) => [span.name, span.attributes['ml.batch.size']]),
    [
      ['predict iris', 1],
      ['predict iris', classifier.ROWS.length],
      ['predict churn', 1],
    ],
  );
  const [one, five, fromUrl] = spans;
  assert.equal(one.attributes['ml.prediction'], result.one[0]);
  assert.deepEqual(five.attributes['ml.prediction'], result.five);
  assert.equal(fromUrl.attributes['ml.prediction'], result.fromUrl[0]);
  assert.deepEqual(
    five.attributes[`ml.feature.${classifier.FEATURES[2]}`],
    classifier.ROWS.map((row) => Math.fround(row[2])),
  );
  assert.deepEqual(five.attributes['ml.inference.id'], classifier.ROWS.map((_, i) => `${five.spanId}:${i}`));
}

describe('TF.js apps in their own process', () => {
  it('traces a CommonJS app preloaded with --require', () => {
    assertTraced(runApp('--require', 'instrument.cjs', 'app.cjs'));
  });

  it('traces an ES module app importing @tensorflow/tfjs, preloaded with --import and the loader hook', () => {
    assertTraced(runApp('--import', 'instrument.mjs', 'app.mjs'));
  });

  it('traces an ES module app importing @tensorflow/tfjs without the loader hook: the umbrella requires tfjs-layers', () => {
    assertTraced(runApp('--require', 'instrument.cjs', 'app.mjs'));
  });

  it('traces an ES module app importing @tensorflow/tfjs-layers itself, with the loader hook', () => {
    assertTraced(runApp('--import', 'instrument.mjs', 'app-layers.mjs'));
  });

  it('does not see an ES module import of @tensorflow/tfjs-layers without the loader hook', () => {
    const { result, spans } = runApp('--require', 'instrument.cjs', 'app-layers.mjs');
    assert.equal(result.five.length, classifier.ROWS.length, 'the app ran');
    assert.deepEqual(spans, []);
  });
});
