import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/load-config.js';
import { MAX_FEATURES } from '../../src/extract/inference-span.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { ProtobufWriter } from '../../src/otlp/protobuf/protobuf-writer.js';
import { ReferenceCollector } from '../../src/model/reference-collector.js';
import { batch } from '../model/fake-monitor.js';
import { fuzzPipeline, fuzzPipelineWithReference } from './otlp-targets.js';
import { heapAfterGc } from './http-processor.js';

/*
 * Each failure the fuzz targets found, as its minimized input: the fix stays fixed
 * whatever the generators do later.
 */
const source = { name: 'fuzz.yaml', baseDir: process.cwd() };

function configProblem(yaml: string): string {
  try {
    parseConfig(yaml, source);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${(error as Error).name}: ${(error as Error).message}`);
    return error.message;
  }
  assert.fail('the configuration was taken');
}

describe('fuzz findings', () => {
  it('config: an alias to an anchor that is not there is a ConfigError (was a ReferenceError from the YAML library)', () => {
    const message = configProblem('receiver: *missing\n');
    assert.match(message, /fuzz\.yaml/);
    assert.match(message, /\(YAML\): Unresolved alias .*missing.*define the anchor/);
  });

  it('config: an alias bomb ("billion laughs") is a ConfigError (was a ReferenceError)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 4; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    assert.match(configProblem(lines.join('\n')), /\(YAML\): aliases expand to too many values/);
  });

  it('config: an alias inside the value its own anchor names is a ConfigError where it is written (was a stack overflow)', () => {
    // Seed 20261128, case 4935 of bench:fuzz's config target, cut down.
    const message = configProblem('a0: &a0 [x, x]\na1: &a1 [*a0, *a1]\nreceiver: { port: 4318 }\n');
    assert.match(message, /line 2, column 15: the alias \*a1 is inside the value its anchor names/);
    assert.doesNotMatch(message, /\*a0/, 'an alias to another value is fine');
    // Through a merge key too.
    assert.match(configProblem('receiver: &r\n  port: 4318\n  more: { <<: *r }\n'), /line 3, column 15: the alias \*r is inside/);
  });
});

/** One protobuf inference span of `features` numeric features: a model's first request, as a wide instrumented span would send it. */
function wideSpanRequest(features: number, prefix = 'f'): Uint8Array {
  const w = new ProtobufWriter();
  w.messageField(1, (rs) => rs.messageField(2, (ss) => ss.messageField(2, (span) => {
    span.stringField(5, 'predict');
    const attribute = (key: string, value: (v: ProtobufWriter) => void) => span.messageField(9, (kv) => kv.stringField(1, key).messageField(2, value));
    attribute('ml.model.name', (v) => v.stringField(1, 'wide'));
    for (let i = 0; i < features; i++) attribute(`ml.feature.${prefix}${i}`, (v) => v.doubleField(4, i));
  })));
  return w.finish();
}

describe('fuzz findings: a span of very many features', () => {
  const pipeline = fuzzPipeline();
  after(() => pipeline.shutdown());

  it(`is rejected past MAX_FEATURES (${MAX_FEATURES}), by the table and the tree path alike; at the limit it is taken`, () => {
    const over = wideSpanRequest(MAX_FEATURES + 1);
    for (const result of [pipeline.spans.consumeSpanTable(decodeTracesTable(over)), pipeline.spans.consumeTraces(decodeTracesProtobuf(over))]) {
      assert.equal(result.rejected, 1);
      assert.match(result.message ?? '', new RegExp(`${MAX_FEATURES + 1} ml\\.feature\\.\\* attributes; at most ${MAX_FEATURES}`));
    }
    assert.deepEqual(pipeline.registry.list(), []);
    assert.equal(pipeline.spans.consumeSpanTable(decodeTracesTable(wideSpanRequest(MAX_FEATURES))).rejected, 0);
    assert.deepEqual(pipeline.registry.list().map((m) => m.model), ['wide']);
  });
});

describe('fuzz findings: a mapping as a YAML key', () => {
  it('is one unknown-key problem, with no process warning from the YAML library', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      assert.match(configProblem('receiver:\n  {port: 1}: 2\n'), /receiver\["\{ port: 1 \}"\]: unknown key/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings.map((w) => w.message), []);
  });
});

describe('fuzz findings: spans that each bring new feature names', () => {
  it(`give a reference of at most MAX_FEATURES input columns (${MAX_FEATURES}), the outputs kept`, () => {
    const collector = new ReferenceCollector(10);
    for (let r = 0; r < 3; r++) {
      const names = Array.from({ length: 600 }, (_, i): [string, number[]] => [`r${r}f${i}`, [i]]);
      collector.add({ ...batch(Object.fromEntries(names)), predictions: [1] });
    }
    const columns = collector.columns();
    assert.equal(columns.size, MAX_FEATURES + 1);
    assert.ok(columns.has('r0f0') && columns.has('r1f399') && !columns.has('r1f400') && !columns.has('r2f0'));
    assert.deepEqual(columns.get('ml.prediction'), [1, 1, 1]);
    assert.deepEqual(columns.get('r1f0'), [null, 0, null]);
  });

  it('keep the heap bounded: 150 spans of 1,000 new names each (grew by ~250 MB before)', async () => {
    const pipeline = fuzzPipelineWithReference(1_000);
    try {
      const before = heapAfterGc();
      for (let r = 0; r < 150; r++) pipeline.spans.consumeSpanTable(decodeTracesTable(wideSpanRequest(1_000, `r${r}f`)));
      const grown = heapAfterGc() - before;
      assert.ok(grown < 48 * 2 ** 20, `heap grew ${(grown / 2 ** 20).toFixed(0)} MiB`);
    } finally {
      await pipeline.shutdown();
    }
  });
});

describe('fuzz findings: a window of spans with ever new feature names', () => {
  it(`lists at most MAX_FEATURES (${MAX_FEATURES}) of the features its reference never had`, async () => {
    const pipeline = fuzzPipelineWithReference(1);
    try {
      pipeline.spans.consumeSpanTable(decodeTracesTable(wideSpanRequest(3, 'ref')));
      for (let r = 0; r < 3; r++) pipeline.spans.consumeSpanTable(decodeTracesTable(wideSpanRequest(600, `r${r}f`)));
      const [model] = pipeline.registry.snapshot().states;
      const newFeatures = model.window?.newFeatures ?? [];
      assert.equal(newFeatures.length, MAX_FEATURES);
      assert.ok(newFeatures.includes('r0f0') && newFeatures.includes('r1f399') && !newFeatures.includes('r1f400'));
    } finally {
      await pipeline.shutdown();
    }
  });
});
