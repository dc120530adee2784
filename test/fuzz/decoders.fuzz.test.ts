import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCampaign } from './campaign.js';
import { fuzzPipeline, otlpTarget, tracesProtobufTarget } from './otlp-targets.js';
import { threadedTracesTarget, threadFuzzPipelines } from './threads-target.js';

/*
 * In-process fuzz of the OTLP decoders and extraction: mutated protobuf and JSON
 * bodies (see protobuf-mutator.ts and json-mutator.ts) either decode or are refused
 * with OtlpDecodeError, the SpanTable decoder agrees with the tree decoder, and
 * whatever decodes extracts into a real model registry without a throw. Seeded: a
 * failure names its case index, which reproduces it. bench/fuzz.ts runs longer.
 */
const SEED = 20_261_127;
const pipeline = fuzzPipeline();
const threadPipelines = threadFuzzPipelines();
after(() => Promise.all([pipeline.shutdown(), threadPipelines.shutdown()]));

describe('OTLP decoders under fuzzing', () => {
  it('protobuf traces: tree and table decoders agree, refuse only with OtlpDecodeError, extraction never throws', async () => {
    const result = await runCampaign(tracesProtobufTarget(pipeline), SEED, 6_000);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 6_000);
  });

  it('protobuf traces on an extraction thread: the answers, limits and registry of extraction in place', async () => {
    const result = await runCampaign(threadedTracesTarget(threadPipelines), SEED, 1_000);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 1_000);
  });

  for (const [signal, encoding, cases] of [
    ['traces', 'json', 4_000], ['logs', 'protobuf', 2_000], ['logs', 'json', 2_000], ['metrics', 'protobuf', 1_500], ['metrics', 'json', 1_500],
  ] as const) {
    it(`${signal} ${encoding}: decode or OtlpDecodeError, then extraction without a throw`, async () => {
      const result = await runCampaign(otlpTarget(pipeline, signal, encoding), SEED, cases);
      assert.deepEqual(result.failures, []);
      assert.equal(result.cases, cases);
    });
  }
});
