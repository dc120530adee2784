/**
 * Decode-only throughput of OTLP trace requests, the baseline of the ingest benchmark
 * (`npm run bench:ingest` compares HTTP + decode + extraction + profiles against it).
 *
 * Payload: one ExportTraceServiceRequest of 512 inference spans, each with 20 numeric
 * and 4 categorical `ml.feature.*` attributes plus `ml.model.name`,
 * `ml.model.version` and `ml.prediction`, made by the OpenTelemetry SDK and serialized
 * by @opentelemetry/otlp-transformer (the code the SDK exporters run), as protobuf
 * and as JSON. Timed: decodeTracesProtobuf(bytes) and decodeTracesJson(text of
 * bytes), as the receiver calls them.
 *
 * Baselines in the same run, the floor under each decoder: for protobuf, a pass that
 * walks every field of the same bytes and builds nothing; for JSON, JSON.parse alone.
 *
 * Run: node dist/bench/decode.js  (prints JSON)
 */
import { fileURLToPath } from 'node:url';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { decodeTracesJson } from '../src/otlp/json/decode-traces-json.js';
import { decodeTracesProtobuf } from '../src/otlp/protobuf/decode-traces-protobuf.js';
import { ProtobufReader } from '../src/otlp/protobuf/protobuf-reader.js';
import { recordSpans } from '../test/otlp/sdk-telemetry.js';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

export const SPANS_PER_REQUEST = 512;
export const NUMERIC_FEATURES = 20;
export const CATEGORICAL_FEATURES = 4;

/** One request's body in both encodings, from the same SDK spans. */
export interface DecodePayloads {
  readonly protobuf: Uint8Array;
  readonly json: Uint8Array;
  readonly spans: number;
}

const CATEGORIES = [
  ['basic', 'plus', 'premium'],
  ['fr', 'de', 'us', 'jp', 'br', 'in', 'gb', 'es'],
  ['web', 'ios', 'android'],
  Array.from({ length: 40 }, (_, i) => `city${i}`),
];

/** The benchmark request, built with a fixed seed so every run decodes the same bytes. */
export async function decodePayloads(seed = 42): Promise<DecodePayloads> {
  const random = seededRandom(seed);
  const spans = await recordSpans((tracer) => {
    for (let i = 0; i < SPANS_PER_REQUEST; i++) {
      const attributes: Record<string, string | number> = { 'ml.model.name': 'churn', 'ml.model.version': 'v3' };
      for (let f = 0; f < NUMERIC_FEATURES; f++) {
        // Values shaped like model inputs: several scales, some integers, written with few digits.
        const value = f % 4 === 0 ? Math.round(30 + 10 * standardNormal(random)) : Number((standardNormal(random) * 10 ** (f % 3)).toPrecision(6));
        attributes[`ml.feature.num_${f}`] = value;
      }
      for (let c = 0; c < CATEGORICAL_FEATURES; c++) {
        const options = CATEGORIES[c];
        attributes[`ml.feature.cat_${c}`] = options[Math.floor(random() * options.length)];
      }
      attributes['ml.prediction'] = Number(random().toFixed(4));
      tracer.startSpan('predict churn', { attributes }).end();
    }
  });
  return {
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    json: JsonTraceSerializer.serializeRequest(spans)!,
    spans: spans.length,
  };
}

/**
 * The message structure of ExportTraceServiceRequest as far as spans' attributes: for
 * each message, the tags of its sub-message fields and the message each one holds.
 */
const TRACE_REQUEST_SCHEMA: ReadonlyArray<Readonly<Record<number, number>>> = [
  /* 0 request */ { 10: 1 },
  /* 1 ResourceSpans */ { 10: 2, 18: 3 },
  /* 2 Resource */ { 10: 5 },
  /* 3 ScopeSpans */ { 10: 4, 18: 6 },
  /* 4 InstrumentationScope */ { 26: 5 },
  /* 5 KeyValue */ { 18: 7 },
  /* 6 Span */ { 74: 5, 122: 8 },
  /* 7 AnyValue */ { 42: 9, 50: 10 },
  /* 8 Status */ {},
  /* 9 ArrayValue */ { 10: 7 },
  /* 10 KeyValueList */ { 10: 5 },
];

/** Visits every field of a trace request, descending into every sub-message and building nothing: a protobuf decoder's floor. */
function walkTraceRequest(bytes: Uint8Array): number {
  const r = new ProtobufReader(bytes);
  let fields = 0;
  const walk = (message: number, end: number): void => {
    const children = TRACE_REQUEST_SCHEMA[message];
    while (r.pos < end) {
      const tag = r.uint32();
      fields++;
      const child = children[tag];
      if (child === undefined) r.skip(tag);
      else walk(child, r.end());
    }
  };
  walk(0, bytes.length);
  return fields;
}

export interface DecodeCase {
  readonly name: string;
  /** Median over runs. */
  readonly spansPerSecond: number;
  /** Median over runs, of the request body as sent (MB = 10^6 bytes). */
  readonly megabytesPerSecond: number;
}

export interface DecodeBenchResult {
  readonly spansPerRequest: number;
  readonly attributesPerSpan: number;
  readonly protobufBytes: number;
  readonly jsonBytes: number;
  readonly protobuf: DecodeCase;
  readonly json: DecodeCase;
  readonly baselines: readonly DecodeCase[];
  readonly runs: number;
  readonly node: string;
}

/** Median requests per second of `decode` over `runs` runs of at least `minMillis` each, after a warm-up. */
function requestsPerSecond(decode: () => unknown, runs: number, minMillis: number): number {
  for (let i = 0; i < 20; i++) decode();
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    let requests = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    do {
      for (let i = 0; i < 10; i++) decode();
      requests += 10;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    } while (elapsed < minMillis);
    rates.push(requests / (elapsed / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(runs / 2)];
}

function decodeCase(name: string, decode: () => unknown, bytes: number, spans: number, runs: number, minMillis: number): DecodeCase {
  const rate = requestsPerSecond(decode, runs, minMillis);
  return { name, spansPerSecond: Math.round(rate * spans), megabytesPerSecond: Number(((rate * bytes) / 1e6).toFixed(1)) };
}

/**
 * Measures decode-only throughput of the benchmark request in both encodings, and
 * the baselines, on this thread.
 */
export async function measureDecode(options: { runs?: number; minMillis?: number } = {}): Promise<DecodeBenchResult> {
  const runs = options.runs ?? 5;
  const minMillis = options.minMillis ?? 400;
  const payloads = await decodePayloads();
  const protobufBody = Buffer.from(payloads.protobuf);
  const jsonBody = Buffer.from(payloads.json);
  const { spans } = payloads;
  return {
    spansPerRequest: spans,
    attributesPerSpan: NUMERIC_FEATURES + CATEGORICAL_FEATURES + 3,
    protobufBytes: protobufBody.length,
    jsonBytes: jsonBody.length,
    protobuf: decodeCase('decodeTracesProtobuf', () => decodeTracesProtobuf(protobufBody), protobufBody.length, spans, runs, minMillis),
    json: decodeCase('decodeTracesJson', () => decodeTracesJson(jsonBody.toString('utf8')), jsonBody.length, spans, runs, minMillis),
    baselines: [
      decodeCase('protobuf walk, nothing built', () => walkTraceRequest(protobufBody), protobufBody.length, spans, runs, minMillis),
      decodeCase('JSON.parse only', () => JSON.parse(jsonBody.toString('utf8')), jsonBody.length, spans, runs, minMillis),
    ],
    runs,
    node: process.version,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureDecode(), null, 2));
}
