import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load-config.js';
import type { LimitName } from '../../src/extract/span-limits.js';
import { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { consumeInLentMemory } from '../helpers/lent-body.js';
import { mixedRequest, registryState } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';

/*
 * receiver.extraction_threads: protobuf trace requests decoded and extracted on
 * other threads. The answer to each request, the limits counted and the registry's
 * state must be what extraction in place gives, request for request, including when
 * the bound on model versions refuses some (those requests are extracted again in
 * place) and when many requests are at the thread at once.
 */

const NOW = 1_717_171_800_000;

/** A pipeline, its limit breaches counted; `threads` 0 extracts in place. */
function pipeline(threads: number, limits = 'limits: { models: 12, spans_per_request: 200 }') {
  const breaches: LimitName[] = [];
  const built = new MonitoringPipeline(parseConfig([
    `receiver: { extraction_threads: ${threads} }`,
    'windows: { duration: 60s, min_records: 5 }',
    'reference: { size: 25 }',
    'drift: { calibrate: false }',
    'feedback: { retain_predictions: always }',
    limits,
  ].join('\n'), { name: 'threads.yaml', baseDir: process.cwd() }), { sink: { publish: () => undefined }, now: () => NOW, limitBreached: (limit) => breaches.push(limit) });
  return { pipeline: built, breaches };
}

/** The threaded extraction of a pipeline made with threads. */
function threadedOf(built: MonitoringPipeline): ThreadedSpanExtraction {
  assert.ok(built.traces instanceof ThreadedSpanExtraction, 'receiver.extraction_threads > 0 gives threaded extraction');
  return built.traces;
}

/**
 * Feeds both pipelines the bodies, request after request, checking each answer; labels
 * some predictions in between. With `lent`, each body is read into memory from the
 * threaded extraction's body pool, as the receiver does, and that memory is
 * overwritten once it is given back, as the next body lent it would.
 */
async function feedBoth(bodies: readonly Uint8Array[], inPlace: MonitoringPipeline, threaded: MonitoringPipeline, lent = false): Promise<void> {
  const extraction = threadedOf(threaded);
  // A copy otherwise: the receiver hands over a Buffer of its own, and the threaded path may not keep it.
  const consume = (body: Uint8Array) => (lent ? consumeInLentMemory(extraction, body) : extraction.consumeProtobufTraces(Buffer.from(body)));
  for (const [i, body] of bodies.entries()) {
    const expected = inPlace.spans.consumeSpanTable(decodeTracesTable(body));
    const outcome = await consume(body);
    assert.equal(outcome.undecodable, undefined, `request ${i} decodes`);
    assert.deepEqual(outcome.result, expected, `request ${i}: the same answer`);
    assert.equal(outcome.items, decodeTracesTable(body).size, `request ${i}: its spans counted`);
    for (const { registry } of [inPlace, threaded]) {
      registry.acceptFeedback({ model: 'churn', version: '', inferenceId: `r${i % 2}-3`, label: 'churn', timeUnixMs: NOW });
    }
  }
}

describe('protobuf traces extracted on other threads', () => {
  const pipelines: MonitoringPipeline[] = [];
  after(() => Promise.all(pipelines.map((built) => built.shutdown())));
  const made = (threads: number, limits?: string) => {
    const result = pipeline(threads, limits);
    pipelines.push(result.pipeline);
    return result;
  };

  it('answer each request and leave the registry as extraction in place does', async () => {
    const inPlace = made(0);
    const threaded = made(1);
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 2, spansPerRequest: 40, requests: 3, seed: 5 });
    await feedBoth([...payloads.protobuf, mixedRequest(0, NOW), ...variedRequests(30, 11), mixedRequest(1, NOW), ...payloads.protobuf],
      inPlace.pipeline, threaded.pipeline);
    const state = registryState(threaded.pipeline.registry);
    assert.ok(state.snapshot.states.length >= 6, 'the corpus reaches several model versions');
    assert.deepEqual(state, registryState(inPlace.pipeline.registry));
    assert.deepEqual(threaded.breaches, inPlace.breaches, 'the same limits counted as broken');
    assert.ok(inPlace.breaches.includes('string_length'), 'the corpus breaks a limit');
  });

  it('refuse model versions past limits.models as extraction in place does (those requests extracted again in place)', async () => {
    const inPlace = made(0, 'limits: { models: 4 }');
    const threaded = made(1, 'limits: { models: 4 }');
    // Each mixed request brings new models; the bound is reached in the second.
    await feedBoth([mixedRequest(0, NOW), mixedRequest(1, NOW), ...variedRequests(5, 12), mixedRequest(2, NOW)], inPlace.pipeline, threaded.pipeline);
    assert.ok(inPlace.breaches.filter((limit) => limit === 'models').length >= 3, 'versions were refused');
    assert.deepEqual(threaded.breaches, inPlace.breaches);
    assert.deepEqual(registryState(threaded.pipeline.registry), registryState(inPlace.pipeline.registry));
  });

  it('read bodies lent from its pool as others, keeping nothing of them once answered, refusals included', async () => {
    for (const limits of ['limits: { models: 12, spans_per_request: 200 }', 'limits: { models: 4 }']) {
      const inPlace = made(0, limits);
      const threaded = made(1, limits);
      assert.equal(threadedOf(threaded.pipeline).bodyPool.lease(100, 'application/json'), undefined, 'JSON is decoded in place');
      const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 2, spansPerRequest: 40, requests: 3, seed: 6 });
      await feedBoth([...payloads.protobuf, mixedRequest(0, NOW), ...variedRequests(20, 14), mixedRequest(1, NOW), mixedRequest(2, NOW)],
        inPlace.pipeline, threaded.pipeline, true);
      assert.deepEqual(registryState(threaded.pipeline.registry), registryState(inPlace.pipeline.registry), limits);
      assert.deepEqual(threaded.breaches, inPlace.breaches, limits);
    }
  });

  it('reject a request over limits.spans_per_request whole, as in place', async () => {
    const inPlace = made(0, 'limits: { spans_per_request: 20 }');
    const threaded = made(1, 'limits: { spans_per_request: 20 }');
    await feedBoth(variedRequests(4, 13), inPlace.pipeline, threaded.pipeline);
    assert.ok(inPlace.breaches.includes('spans_per_request'));
    assert.deepEqual(threaded.breaches, inPlace.breaches);
  });

  it('say why a body does not decode, in the decoder\'s words', async () => {
    const threaded = made(1);
    const body = Buffer.from([0x0a, 0x05, 0x01]);
    let inPlace = '';
    try {
      decodeTracesTable(body);
    } catch (error) {
      inPlace = (error as Error).message;
    }
    assert.notEqual(inPlace, '');
    const outcome = await threadedOf(threaded.pipeline).consumeProtobufTraces(Buffer.from(body));
    assert.equal(outcome.undecodable, inPlace);
    // The thread goes on with the next request.
    const next = await threadedOf(threaded.pipeline).consumeProtobufTraces(Buffer.from(variedRequests(1, 14)[0]));
    assert.equal(next.undecodable, undefined);
  });

  it('keep requests at the thread at once apart, in the order they came, with new texts in every one', async () => {
    const inPlace = made(0);
    const threaded = made(1);
    const bodies = variedRequests(40, 15, { distinct: true });
    const expected = bodies.map((body) => inPlace.pipeline.spans.consumeSpanTable(decodeTracesTable(body)));
    const outcomes = await Promise.all(bodies.map((body) => threadedOf(threaded.pipeline).consumeProtobufTraces(Buffer.from(body))));
    assert.deepEqual(outcomes.map((outcome) => (outcome.undecodable === undefined ? outcome.result : outcome.undecodable)), expected);
    assert.deepEqual(registryState(threaded.pipeline.registry), registryState(inPlace.pipeline.registry));
  });

  it('extract in place, with the same answers, the requests of a thread that failed or closed', async () => {
    const inPlace = made(0);
    const threaded = made(1);
    const extraction = threadedOf(threaded.pipeline);
    const bodies = [...variedRequests(6, 17), Buffer.from([0x0a, 0x05, 0x01])];
    const pending = bodies.map((body) => extraction.consumeProtobufTraces(Buffer.from(body)));
    // Closed with requests at the thread: those fail there and come back here.
    await extraction.close();
    const outcomes = await Promise.all(pending);
    const after = await Promise.all(bodies.map((body) => extraction.consumeProtobufTraces(Buffer.from(body))));
    /** The answer in place: the result, or why the body does not decode. */
    const inPlaceAnswers = () => bodies.map((body) => {
      try {
        return inPlace.pipeline.spans.consumeSpanTable(decodeTracesTable(body));
      } catch (error) {
        return (error as Error).message;
      }
    });
    const answers = (list: typeof outcomes) => list.map((outcome) => (outcome.undecodable === undefined ? outcome.result : outcome.undecodable));
    assert.deepEqual(answers(outcomes), inPlaceAnswers());
    assert.ok(extraction.answered < bodies.length, 'some requests were still at the thread when it closed');
    assert.deepEqual(answers(after), inPlaceAnswers(), 'after closing, every request is extracted in place');
    assert.deepEqual(registryState(threaded.pipeline.registry), registryState(inPlace.pipeline.registry));
  });

  it('take a body larger than the shared buffers kept for reuse, and small ones after it, as in place', async () => {
    const inPlace = made(0, 'limits: { models: 12 }');
    const threaded = made(1, 'limits: { models: 12 }');
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 20, categoricalFeatures: 4, spansPerRequest: 512, requests: 2, seed: 9 });
    // Serialized export requests one after another are one request with all their spans (protobuf merges repeated fields).
    const large = Buffer.concat(Array.from({ length: 20 }, (_, i) => payloads.protobuf[i % 2]));
    assert.ok(large.length > 8 * 2 ** 20, `a body of ${large.length} bytes`);
    await feedBoth([large, ...payloads.protobuf, large], inPlace.pipeline, threaded.pipeline);
    assert.deepEqual(registryState(threaded.pipeline.registry), registryState(inPlace.pipeline.registry));
  });

  it('spread requests over several threads, losing none', async () => {
    const inPlace = made(0);
    const threaded = made(3);
    const bodies = variedRequests(30, 16);
    const expected = bodies.map((body) => inPlace.pipeline.spans.consumeSpanTable(decodeTracesTable(body)));
    const outcomes = await Promise.all(bodies.map((body) => threadedOf(threaded.pipeline).consumeProtobufTraces(Buffer.from(body))));
    assert.deepEqual(outcomes.map((outcome) => (outcome.undecodable === undefined ? outcome.result : outcome.undecodable)), expected);
    // Across threads the order requests are taken in may differ; what each version counted may not.
    const counted = (built: MonitoringPipeline) => built.registry.list().map((key) => `${key.model}/${key.version}`).sort();
    assert.deepEqual(counted(threaded.pipeline), counted(inPlace.pipeline));
    assert.equal(threaded.pipeline.registry.recordsTaken, inPlace.pipeline.registry.recordsTaken);
  });
});
