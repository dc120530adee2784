import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { runCampaign, type CampaignResult } from './campaign.js';
import { httpTarget } from './http-cases.js';
import { heapAfterGc, startFuzzedProcessor, type FuzzedProcessor } from './http-processor.js';

/*
 * The HTTP fuzz: mutated OTLP (traces, logs, metrics; protobuf and JSON) and feedback
 * bodies, gzip and deflate bodies, gzip bombs, bodies at and over the size cap, odd
 * Content-Types and Content-Encodings, posted to a whole running processor. No 5xx,
 * every answer a body of the type it says, the processor still answers a valid
 * request after, and the heap after a GC does not grow past a bound.
 */
const SEED = 90_210;
const CASES = 3_000;
const WARMUP = 300;
/**
 * Heap growth allowed between the warm-up and the end. Taken requests legitimately
 * add model state (a mutated model name is a new model), a few KB each; a leak of
 * the body per request (tens of KB over thousands) would pass it.
 */
const MAX_HEAP_GROWTH_BYTES = 48 * 1024 * 1024;

let server: FuzzedProcessor;
before(async () => {
  server = await startFuzzedProcessor();
});
after(() => server.close());

async function inBatches(target: ReturnType<typeof httpTarget>, seed: number, cases: number): Promise<CampaignResult[]> {
  // Four clients at once, as a Collector's exporters would send.
  return Promise.all([0, 1, 2, 3].map((k) => runCampaign(target, seed + k * 1_000_000, cases / 4)));
}

it('answers every fuzzed request below 500 with a well-formed body, keeps serving and does not grow its heap', async () => {
  const target = httpTarget(() => server.baseUrl);
  const warm = await inBatches(target, SEED, WARMUP);
  const heapBefore = heapAfterGc();
  const results = await inBatches(target, SEED + 1, CASES);
  const heapAfter = heapAfterGc();
  assert.deepEqual([...warm, ...results].flatMap((r) => r.failures), []);
  assert.equal(results.reduce((n, r) => n + r.cases, 0), CASES);

  const valid = await fetch(`${server.baseUrl}/v1/traces`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: encodeTracesJsonRequest([{ 'ml.model.name': 'after-fuzz', 'ml.feature.x': 1, 'ml.prediction': 1 }]),
  });
  assert.equal(valid.status, 200);
  assert.deepEqual(await valid.json(), {});
  assert.ok(heapAfter - heapBefore < MAX_HEAP_GROWTH_BYTES,
    `heap grew ${((heapAfter - heapBefore) / 2 ** 20).toFixed(1)} MiB over ${CASES} requests (models: ${server.processor.pipeline.registry.list().length})`);
});
