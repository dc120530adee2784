import { isDeepStrictEqual } from 'node:util';
import { parseConfig } from '../../src/config/load-config.js';
import type { LimitName } from '../../src/extract/span-limits.js';
import { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import { consumeInLentMemory } from '../helpers/lent-body.js';
import { mixedRequest, registryState } from '../helpers/registry-corpus.js';
import { variedRequests } from '../helpers/varied-traces.js';
import type { FuzzTarget } from './campaign.js';
import { otlpSeeds } from './otlp-seeds.js';
import { mutateProtobuf } from './protobuf-mutator.js';

/** The clock of both pipelines: a span without times is dated by it, so both date it alike. */
const NOW = 1_717_171_800_000;

/** Every this many cases the two registries are compared whole (a snapshot of every version costs more than a case). */
const COMPARE_EVERY = 250;

/** Two pipelines of one configuration: one extracting protobuf traces in place, one on a thread. */
export interface ThreadFuzzPipelines {
  readonly inPlace: MonitoringPipeline;
  readonly threaded: MonitoringPipeline;
  /** The limits each counted as broken, in order. */
  readonly breaches: { readonly inPlace: LimitName[]; readonly threaded: LimitName[] };
  shutdown(): Promise<void>;
}

export function threadFuzzPipelines(): ThreadFuzzPipelines {
  const breaches = { inPlace: [] as LimitName[], threaded: [] as LimitName[] };
  const made = (threads: number, counted: LimitName[]) => new MonitoringPipeline(parseConfig([
    `receiver: { extraction_threads: ${threads} }`,
    'windows: { duration: 60s, min_records: 5 }',
    'reference: { size: 20 }',
    'drift: { calibrate: false }',
    // Low enough that mutated model names reach it: refusals, and the in-place fallback they need.
    'limits: { models: 16 }',
  ].join('\n'), { name: 'fuzz-threads.yaml', baseDir: process.cwd() }), {
    sink: { publish: () => undefined }, now: () => NOW, limitBreached: (limit) => counted.push(limit),
  });
  const inPlace = made(0, breaches.inPlace);
  const threaded = made(1, breaches.threaded);
  return { inPlace, threaded, breaches, shutdown: async () => void (await Promise.all([inPlace.shutdown(), threaded.shutdown()])) };
}

/**
 * The registry's state, the records of a retraining sample only while it holds every
 * record it saw: past its size, which records it keeps is a random draw (Math.random,
 * one stream for both pipelines), so two samples of the same records differ. With the
 * default size (10,000) the CI campaign's samples stay whole (the busiest saw 4,044
 * records in its 1,000 cases), and a long campaign's memory stays bounded.
 */
function comparableState(pipeline: MonitoringPipeline) {
  const state = registryState(pipeline.registry);
  return { ...state, samples: state.samples.map((sample) => (sample.records.length === sample.seen ? sample : { ...sample, records: 'drawn' })) };
}

/** What extraction in place answers for a body: the result, or why it does not decode. */
function answerInPlace(pipeline: MonitoringPipeline, body: Uint8Array): unknown {
  let table;
  try {
    table = decodeTracesTable(body);
  } catch (error) {
    return { undecodable: (error as Error).message };
  }
  return { items: table.size, result: pipeline.spans.consumeSpanTable(table) };
}

/**
 * Protobuf /v1/traces extracted on a thread (receiver.extraction_threads) against
 * extraction in place, on mutated bodies: the same answer to every body (or the same
 * reason it does not decode), the same limits counted, and every COMPARE_EVERY cases
 * the same registry state. The mutations reach what the hand-over must carry that
 * well-formed requests rarely have: values refused mid-run, spans read whole, texts
 * and name sets the thread sends once, models past limits.models.
 */
export function threadedTracesTarget(pipelines: ThreadFuzzPipelines): FuzzTarget<Uint8Array> {
  // Besides the decoders' seeds (a span or two each), requests with runs of one model's keys: only those are read by position and sent as columns.
  const seeds = [...otlpSeeds().protobuf.traces, ...variedRequests(8, 31), mixedRequest(0, NOW), mixedRequest(1, NOW)];
  const extraction = pipelines.threaded.traces;
  if (!(extraction instanceof ThreadedSpanExtraction)) throw new Error('receiver.extraction_threads: 1 gives threaded extraction');
  let cases = 0;
  return {
    name: 'traces-protobuf-threaded',
    generate: (random) => mutateProtobuf(random, random.pick(seeds)),
    describe: (body) => Buffer.from(body).toString('base64'),
    async check(body) {
      const expected = answerInPlace(pipelines.inPlace, body);
      // Every other body in memory lent as the receiver lends it without a data dir, the others in a Buffer of their own.
      const outcome = cases % 2 === 0 && body.length > 0
        ? await consumeInLentMemory(extraction, body) : await extraction.consumeProtobufTraces(Buffer.from(body));
      if (!isDeepStrictEqual(outcome, expected)) return `threaded ${JSON.stringify(outcome)} | in place ${JSON.stringify(expected)}`;
      if (!isDeepStrictEqual(pipelines.breaches.threaded, pipelines.breaches.inPlace)) return 'the two counted different limits as broken';
      if (++cases % COMPARE_EVERY !== 0) return undefined;
      return isDeepStrictEqual(comparableState(pipelines.threaded), comparableState(pipelines.inPlace)) ? undefined : 'the registries differ';
    },
  };
}
