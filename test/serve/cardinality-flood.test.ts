import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { encodeTracesJsonRequest, type SpanAttributes } from '../helpers/otlp-json-request.js';

/**
 * A cardinality flood through a real Processor (receiver on the loopback, default
 * limits): 100,000 distinct model names, then 200,000 distinct feature names on one
 * model, then 100,000 distinct categories of one feature. The heap after a full GC
 * must stay bounded: each phase may add at most HEAP_BOUND_BYTES over the heap before
 * it, whatever the number of distinct names, since every map the names could grow is
 * capped by a limit (models, features_per_model, categories_per_feature) or by a
 * fixed cache size (the extractor's attribute roles).
 */
const HEAP_BOUND_BYTES = 64 * 2 ** 20;
const SPANS_PER_REQUEST = 2_000;

let processor: Processor;
let url: string;

before(async () => {
  processor = new Processor(parseConfig('receiver: { port: 0, grpc_port: 0 }\nprometheus: { port: 0 }', { name: 'test.yaml', baseDir: process.cwd() }));
  await processor.start();
  url = `http://127.0.0.1:${processor.receiver.address().port}/v1/traces`;
});

after(async () => {
  await processor.shutdown();
});

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** Sends `count` spans made by `span`, in requests of SPANS_PER_REQUEST; returns the spans rejected. */
async function flood(count: number, span: (i: number) => SpanAttributes): Promise<{ rejected: number; message: string }> {
  let rejected = 0;
  let message = '';
  for (let start = 0; start < count; start += SPANS_PER_REQUEST) {
    const spans = Array.from({ length: Math.min(SPANS_PER_REQUEST, count - start) }, (_, k) => span(start + k));
    const response = await fetch(url, { method: 'POST', body: encodeTracesJsonRequest(spans), headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    const body = await response.json() as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
    rejected += Number(body.partialSuccess?.rejectedSpans ?? 0);
    message ||= body.partialSuccess?.errorMessage ?? '';
  }
  return { rejected, message };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

test('a flood of distinct model names, feature names and categories leaves the heap bounded', { skip: gc === undefined ? 'needs node --expose-gc' : false, timeout: 600_000 }, async (t) => {
  const start = heapAfterGc();

  const models = await flood(100_000, (i) => ({ 'ml.model.name': `model-${i}`, 'ml.feature.x': i }));
  const afterModels = heapAfterGc();
  assert.equal(models.rejected, 100_000 - 1_000, 'past limits.models (1000) every new version is refused');
  assert.match(models.message, /limits\.models/);
  assert.equal(processor.registry.list().length, 1_000);

  // Tracked versions go on: model-0 gets 2,000 spans of 100 new names each (the first 999 complete its reference, which keeps
  // limits.features_per_model input features; the rest fill a window, which lists as many new ones).
  const features = await flood(2_000, (i) => ({
    'ml.model.name': 'model-0',
    ...Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`ml.feature.f${i * 100 + k}`, k])),
  }));
  processor.registry.closeWindows(Date.now() + 1);
  await processor.registry.settled();
  const afterFeatures = heapAfterGc();
  assert.equal(features.rejected, 0);

  // model-1: 999 rows of 999 categories complete its reference, then 100,000 rows of distinct categories fill a window.
  const categories = await flood(101_000, (i) => ({ 'ml.model.name': 'model-1', 'ml.feature.city': `city-${i}` }));
  processor.registry.closeWindows(Date.now() + 2);
  await processor.registry.settled();
  const afterCategories = heapAfterGc();
  assert.equal(categories.rejected, 0);

  const figures = `heap after GC: start ${mib(start)}; after 100,000 model names ${mib(afterModels)} (+${mib(afterModels - start)}); `
    + `after 200,000 feature names ${mib(afterFeatures)} (+${mib(afterFeatures - afterModels)}); `
    + `after 100,000 categories ${mib(afterCategories)} (+${mib(afterCategories - afterFeatures)})`;
  t.diagnostic(figures);
  assert.ok(afterModels - start < HEAP_BOUND_BYTES, `model names: ${figures}`);
  assert.ok(afterFeatures - afterModels < HEAP_BOUND_BYTES, `feature names: ${figures}`);
  assert.ok(afterCategories - afterFeatures < HEAP_BOUND_BYTES, `categories: ${figures}`);
});
