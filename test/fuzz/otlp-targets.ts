import { isDeepStrictEqual } from 'node:util';
import { parseConfig } from '../../src/config/load-config.js';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { decodeLogsProtobuf } from '../../src/otlp/protobuf/decode-logs-protobuf.js';
import { decodeMetricsProtobuf } from '../../src/otlp/protobuf/decode-metrics-protobuf.js';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { decodeTracesTable } from '../../src/otlp/protobuf/decode-traces-table.js';
import type { ConsumeResult } from '../../src/pipeline/consumer.js';
import { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import type { FuzzTarget } from './campaign.js';
import type { FuzzRandom } from './fuzz-random.js';
import { mutateJson } from './json-mutator.js';
import { otlpSeeds, type Signal } from './otlp-seeds.js';
import { mutateProtobuf } from './protobuf-mutator.js';

/** Decoded data, or the error thrown: anything but an OtlpDecodeError is a failure. */
type Outcome<T> = { readonly data: T } | { readonly error: unknown };

function attempt<T>(decode: () => T): Outcome<T> {
  try {
    return { data: decode() };
  } catch (error) {
    return { error };
  }
}

function foreignError(outcome: Outcome<unknown>): string | undefined {
  if (!('error' in outcome) || outcome.error instanceof OtlpDecodeError) return undefined;
  const error = outcome.error as Error;
  return `threw ${error?.name ?? typeof error} instead of OtlpDecodeError: ${error?.message ?? String(error)}`;
}

function badResult(result: ConsumeResult, items: number): string | undefined {
  const { rejected } = result;
  return Number.isInteger(rejected) && rejected >= 0 && rejected <= items ? undefined : `consumer answered rejected=${rejected} of ${items}`;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The monitoring a receiver feeds (extraction → model registry → windows), built from
 * a small configuration, so a mutated span that extracts reaches real model state.
 */
export function fuzzPipeline(): MonitoringPipeline {
  return fuzzPipelineWithReference(20);
}

/** fuzzPipeline with references of `size` rows. */
export function fuzzPipelineWithReference(size: number): MonitoringPipeline {
  const config = parseConfig(`windows: { duration: 1s, min_records: 5 }\nreference: { size: ${size} }`, { name: 'fuzz.yaml', baseDir: process.cwd() });
  return new MonitoringPipeline(config, { sink: { publish: () => undefined } });
}

/** Every `CLOSE_EVERY` cases the pipeline's windows close and are judged, so mutated state meets the evaluators too. */
const CLOSE_EVERY = 500;

function closingPeriodically(pipeline: MonitoringPipeline): () => Promise<void> {
  let seen = 0;
  return async () => {
    if (++seen % CLOSE_EVERY !== 0) return;
    pipeline.registry.closeWindows(Date.now() + 3_600_000);
    await pipeline.registry.settled();
  };
}

/**
 * Protobuf /v1/traces: the tree decoder and the SpanTable decoder must agree on every
 * case (both refuse with the same message, or both hold the same tree), refuse only
 * with OtlpDecodeError, and a table that decodes must extract into the registry
 * without a throw.
 */
export function tracesProtobufTarget(pipeline: MonitoringPipeline): FuzzTarget<Uint8Array> {
  const seeds = otlpSeeds().protobuf.traces;
  const tick = closingPeriodically(pipeline);
  return {
    name: 'traces-protobuf',
    generate: (random) => mutateProtobuf(random, random.pick(seeds)),
    describe: base64,
    async check(body) {
      const tree = attempt(() => decodeTracesProtobuf(body));
      const table = attempt(() => decodeTracesTable(body));
      const problem = foreignError(tree) ?? foreignError(table);
      if (problem !== undefined) return problem;
      if ('error' in tree || 'error' in table) {
        const messages = ['error' in tree ? (tree.error as Error).message : 'accepted', 'error' in table ? (table.error as Error).message : 'accepted'];
        return messages[0] === messages[1] ? undefined : `tree and table decoders disagree: ${messages[0]} | ${messages[1]}`;
      }
      if (!isDeepStrictEqual(table.data.toTracesData(), tree.data)) return 'the table decoder holds another tree than the tree decoder';
      const size = table.data.size;
      const result = attempt(() => pipeline.spans.consumeSpanTable(table.data));
      if ('error' in result) return `extraction threw: ${(result.error as Error)?.stack}`;
      await tick();
      return badResult(result.data, size);
    },
  };
}

const JSON_DECODERS = { traces: decodeTracesJson, logs: decodeLogsJson, metrics: decodeMetricsJson } as const;
const PROTOBUF_DECODERS = { traces: decodeTracesProtobuf, logs: decodeLogsProtobuf, metrics: decodeMetricsProtobuf } as const;

/** Hands decoded data to the pipeline as the processor does (metrics are decoded and dropped). */
function consume(pipeline: MonitoringPipeline, signal: Signal, data: unknown): ConsumeResult | undefined {
  if (signal === 'traces') return pipeline.spans.consumeTraces(data as ReturnType<typeof decodeTracesJson>);
  if (signal === 'logs') return pipeline.logs.consumeLogs(data as ReturnType<typeof decodeLogsJson>);
  return undefined;
}

/** JSON or protobuf for one signal (protobuf traces have their own target): decode or OtlpDecodeError, then extraction without a throw. */
export function otlpTarget(pipeline: MonitoringPipeline, signal: Signal, encoding: 'json' | 'protobuf'): FuzzTarget<Uint8Array> {
  const seeds = otlpSeeds()[encoding][signal];
  const mutate: (random: FuzzRandom, input: Uint8Array) => Uint8Array = encoding === 'json' ? mutateJson : mutateProtobuf;
  const decode = encoding === 'json'
    ? (body: Uint8Array) => JSON_DECODERS[signal](Buffer.from(body).toString('utf8'))
    : (body: Uint8Array) => PROTOBUF_DECODERS[signal](body);
  const tick = closingPeriodically(pipeline);
  return {
    name: `${signal}-${encoding}`,
    generate: (random) => mutate(random, random.pick(seeds)),
    describe: encoding === 'json' ? (body) => Buffer.from(body).toString('utf8') : base64,
    async check(body) {
      const decoded = attempt(() => decode(body));
      const problem = foreignError(decoded);
      if (problem !== undefined || 'error' in decoded) return problem;
      const result = attempt(() => consume(pipeline, signal, decoded.data));
      if ('error' in result) return `extraction threw: ${(result.error as Error)?.stack}`;
      await tick();
      return undefined;
    },
  };
}
