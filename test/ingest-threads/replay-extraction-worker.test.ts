import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ingestPayloads } from '../../bench/ingest-payloads.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { LimitName } from '../../src/extract/span-limits.js';
import { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import { mixedRequest, registryState } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';

/*
 * bench:ingest's thread ceiling runs the extraction thread with a script that answers
 * a body it has seen from a cache (bench/replay-extraction-worker.ts). Its figure means
 * something only if the processor then does what it does with the real thread: the
 * same answers, limits and state as extraction in place, bodies sent again and again.
 */

const NOW = 1_717_171_800_000;
const REPLAY_SCRIPT = new URL('../../bench/replay-extraction-worker.js', import.meta.url);

function pipeline(script?: URL) {
  const breaches: LimitName[] = [];
  const built = new MonitoringPipeline(parseConfig([
    `receiver: { extraction_threads: ${script === undefined ? 0 : 1} }`,
    'windows: { duration: 60s, min_records: 5 }',
    'reference: { size: 25 }',
    'drift: { calibrate: false }',
    'limits: { models: 12 }',
  ].join('\n'), { name: 'replay.yaml', baseDir: process.cwd() }), {
    sink: { publish: () => undefined }, now: () => NOW, limitBreached: (limit) => breaches.push(limit), ...(script === undefined ? {} : { extractionScript: script }),
  });
  return { pipeline: built, breaches };
}

describe('the replaying extraction thread of bench:ingest', () => {
  const pipelines: MonitoringPipeline[] = [];
  after(() => Promise.all(pipelines.map((built) => built.shutdown())));

  it('leave the processor as extraction in place does, with every body sent three times', async () => {
    const inPlace = pipeline();
    const replaying = pipeline(REPLAY_SCRIPT);
    pipelines.push(inPlace.pipeline, replaying.pipeline);
    const threaded = replaying.pipeline.traces;
    assert.ok(threaded instanceof ThreadedSpanExtraction);
    const payloads = await ingestPayloads({ models: 3, numericFeatures: 5, categoricalFeatures: 2, spansPerRequest: 40, requests: 3, seed: 5 });
    const bodies = [...payloads.protobuf, mixedRequest(0, NOW), ...variedRequests(6, 21)];
    for (let round = 0; round < 3; round++) {
      for (const [i, body] of bodies.entries()) {
        const expected = inPlace.pipeline.spans.consumeSpanTable(decodeTracesTable(body));
        const outcome = await threaded.consumeProtobufTraces(Buffer.from(body));
        assert.ok(!('undecodable' in outcome), `round ${round}, request ${i} decodes`);
        assert.deepEqual(outcome.result, expected, `round ${round}, request ${i}: the same answer`);
      }
    }
    assert.equal(threaded.answered, 3 * bodies.length);
    assert.deepEqual(registryState(replaying.pipeline.registry), registryState(inPlace.pipeline.registry));
    assert.deepEqual(replaying.breaches, inPlace.breaches, 'the same limits counted as broken');
    assert.ok(inPlace.breaches.length > 0, 'the bodies break a limit, so replayed answers carry breaches');
  });
});
