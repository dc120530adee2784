/**
 * Extraction speed on one core: SpanExtractor over requests of 512 spans built in
 * memory, as the ingest benchmark sends them (20 numeric and 4 categorical features
 * per single-row span), plus batched, LLM and pass-through (HTTP) spans.
 *
 * Baselines, measured in the same run on the same requests:
 * - `freshKeysWithoutRoleCache`: the same extraction classifying every key by prefix
 *   tests instead of remembering its role (AttributeRoles), on fresh key strings;
 * - `attributeWalk`: visiting every attribute of every span and nothing else, the
 *   floor for any extraction that reads the attributes once;
 * - `jsonParse`: JSON.parse of the same request encoded as OTLP/JSON, a lower bound on
 *   any JSON decode (the receiver's decoder does at least this), and `jsonDecode`,
 *   JSON.parse plus the test-only converter to the decoded model, a stand-in for the
 *   real decoder until it exists.
 * `endToEndShareOfJsonDecode` = (1 / (1/decode + 1/extract)) / decode: the share of the
 * decode-only throughput left once extraction follows decoding (the target is
 * at least 0.6 for decode + extraction + profiles).
 *
 * Run: node dist/bench/extract.js  (prints JSON)
 */
import { TextDecoder } from 'node:util';
import { classifyKey, type AttributeRole, type RoleLookup } from '../src/extract/attribute-roles.js';
import { extractInferenceSpan } from '../src/extract/inference-span.js';
import { SpanExtractor } from '../src/extract/span-extractor.js';
import type { FeedbackRecord, InferenceBatch, InferenceSink } from '../src/extract/inference-batch.js';
import { SpanKind, StatusCode, type AnyValue, type Span, type TracesData } from '../src/otlp/types.js';
import { decodeTracesJson } from '../src/otlp/index.js';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

const SPANS = 512;
const NUMERIC = 20;
const CATEGORICAL = 4;
const REQUESTS = 8;
const RUNS = 5;
const MIN_RUN_MS = 250;

/** Keeps a running sum so the work cannot be optimised away. */
class CountingSink implements InferenceSink {
  rows = 0;
  acceptInferences(batch: InferenceBatch): void {
    // A single-row batch's row, not its columns: reading those would build them, which the processor does not.
    this.rows += batch.rows + (batch.row === undefined ? batch.features.size : batch.row.featureNames.length);
  }
  acceptFeedback(_feedback: FeedbackRecord): void {}
}

const random = seededRandom(2024);
let spanSeq = 0;

function makeSpan(attributes: Map<string, AnyValue>): Span {
  spanSeq++;
  return {
    traceId: (spanSeq * 7919).toString(16).padStart(32, '0'),
    spanId: spanSeq.toString(16).padStart(16, '0'),
    parentSpanId: '',
    name: 'predict churn',
    kind: SpanKind.INTERNAL,
    startTimeUnixMs: 1_717_171_717_000 + spanSeq,
    endTimeUnixMs: 1_717_171_717_004 + spanSeq,
    attributes,
    status: { code: StatusCode.UNSET, message: '' },
  };
}

function request(spans: Span[]): TracesData {
  return { resourceSpans: [{ resource: { attributes: new Map([['service.name', 'bench']]) }, scopeSpans: [{ scope: { name: 'modelwatch', version: '', attributes: new Map() }, spans }] }] };
}

function featureValue(i: number): AnyValue {
  if (i < NUMERIC) return i % 3 === 0 ? Math.round(random() * 100) : standardNormal(random) * 10 + i;
  return `c${Math.floor(random() ** 2 * 12)}`;
}

function inferenceSpan(): Span {
  const attributes = new Map<string, AnyValue>([
    ['ml.model.name', 'churn'], ['ml.model.version', '3'], ['ml.model.task', 'classification'],
  ]);
  for (let i = 0; i < NUMERIC + CATEGORICAL; i++) attributes.set(`ml.feature.f${i}`, featureValue(i));
  const score = random();
  attributes.set('ml.prediction', score > 0.5 ? 1 : 0);
  attributes.set('ml.prediction.score', score);
  return makeSpan(attributes);
}

function batchSpan(rows: number): Span {
  const attributes = new Map<string, AnyValue>([
    ['ml.model.name', 'churn'], ['ml.model.version', '3'], ['ml.batch.size', rows],
  ]);
  for (let i = 0; i < NUMERIC + CATEGORICAL; i++) attributes.set(`ml.feature.f${i}`, Array.from({ length: rows }, () => featureValue(i)));
  attributes.set('ml.prediction.score', Array.from({ length: rows }, () => random()));
  return makeSpan(attributes);
}

function genAiSpan(): Span {
  return makeSpan(new Map<string, AnyValue>([
    ['gen_ai.operation.name', 'chat'], ['gen_ai.provider.name', 'openai'],
    ['gen_ai.request.model', 'gpt-4o-mini'], ['gen_ai.response.model', 'gpt-4o-mini-2024-07-18'],
    ['gen_ai.request.temperature', 0.2], ['gen_ai.request.max_tokens', 256],
    ['gen_ai.response.id', `chatcmpl-${spanSeq}`], ['gen_ai.response.finish_reasons', ['stop']],
    ['gen_ai.usage.input_tokens', Math.round(random() * 500)], ['gen_ai.usage.output_tokens', Math.round(random() * 200)],
    ['gen_ai.input.messages', '[{"role":"user","parts":[{"type":"text","content":"What is the weather in Paris today?"}]}]'],
    ['server.address', 'api.openai.com'], ['server.port', 443],
  ]));
}

function openInferenceSpan(): Span {
  return makeSpan(new Map<string, AnyValue>([
    ['openinference.span.kind', 'LLM'], ['llm.model_name', 'gpt-4o-mini-2024-07-18'], ['llm.provider', 'openai'],
    ['llm.invocation_parameters', '{"model":"gpt-4o-mini","temperature":0.7,"max_tokens":512,"tool_choice":"auto"}'],
    ['input.value', '{"messages":[{"role":"user","content":"What is the weather in Paris today?"}]}'],
    ['llm.input_messages.0.message.role', 'user'], ['llm.input_messages.0.message.content', 'What is the weather in Paris today?'],
    ['llm.token_count.prompt', Math.round(random() * 500)], ['llm.token_count.completion', Math.round(random() * 200)],
    ['llm.token_count.total', 700],
  ]));
}

function httpSpan(): Span {
  return makeSpan(new Map<string, AnyValue>([
    ['http.request.method', 'POST'], ['url.path', '/predict'], ['http.route', '/predict'],
    ['http.response.status_code', 200], ['server.address', 'svc'], ['server.port', 8080], ['user_agent.original', 'curl/8'],
  ]));
}

/** OTLP/JSON of a request, as an SDK's JSON exporter would send it. */
function otlpJson(data: TracesData): string {
  const value = (v: AnyValue): unknown => {
    if (typeof v === 'string') return { stringValue: v };
    if (typeof v === 'boolean') return { boolValue: v };
    if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
    if (Array.isArray(v)) return { arrayValue: { values: v.map(value) } };
    return {};
  };
  const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  return JSON.stringify({
    resourceSpans: data.resourceSpans.map((rs) => ({
      resource: { attributes: [...rs.resource.attributes].map(([key, v]) => ({ key, value: value(v) })) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: { name: ss.scope.name },
        spans: ss.spans.map((s) => ({
          traceId: s.traceId, spanId: s.spanId, name: s.name, kind: s.kind,
          startTimeUnixNano: nanos(s.startTimeUnixMs), endTimeUnixNano: nanos(s.endTimeUnixMs),
          attributes: [...s.attributes].map(([key, v]) => ({ key, value: value(v) })),
          status: {},
        })),
      })),
    })),
  });
}

/** Median over runs of items per second, each run repeating `pass` for at least MIN_RUN_MS. */
function measure(items: number, pass: () => void): number {
  for (let i = 0; i < 20; i++) pass();
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let passes = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      pass();
      passes++;
      elapsed = performance.now() - start;
    } while (elapsed < MIN_RUN_MS);
    rates.push((passes * items) / (elapsed / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[RUNS >> 1];
}

/**
 * As measure, but `prepare` runs untimed before each timed pass: it rebuilds the
 * request with fresh key strings, as a decoder makes per request, whose hashes V8 has
 * not computed yet (reused strings carry a cached hash, which flatters lookups).
 */
function measureFresh(items: number, prepare: () => void, pass: () => void): number {
  for (let i = 0; i < 20; i++) { prepare(); pass(); }
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let passes = 0;
    let elapsed = 0;
    do {
      prepare();
      const start = performance.now();
      pass();
      elapsed += performance.now() - start;
      passes++;
    } while (elapsed < MIN_RUN_MS);
    rates.push((passes * items) / (elapsed / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[RUNS >> 1];
}

/** The request again, every attribute key a fresh string decoded from UTF-8 as a decoder would. */
function withFreshKeys(data: TracesData, keyBytes: Map<string, Uint8Array>, decoder: TextDecoder): TracesData {
  const spans = data.resourceSpans[0].scopeSpans[0].spans.map((s) => ({
    ...s,
    attributes: new Map([...s.attributes].map(([key, value]) => [decoder.decode(keyBytes.get(key)), value])),
  }));
  return request(spans);
}

function extractionRate(requests: TracesData[], spans: number, rowsPerSpan: number): { spansPerSecond: number; rowsPerSecond: number } {
  const sink = new CountingSink();
  const extractor = new SpanExtractor(sink);
  let next = 0;
  const spansPerSecond = measure(spans, () => {
    const result = extractor.consumeTraces(requests[next++ % requests.length]);
    if (result.rejected !== 0) throw new Error(`bench request rejected: ${result.message}`);
  });
  if ((sink.rows === 0) !== (rowsPerSpan === 0)) throw new Error(`${sink.rows} rows reached the sink, expected ${rowsPerSpan === 0 ? 'none' : 'some'}`);
  return { spansPerSecond: Math.round(spansPerSecond), rowsPerSecond: Math.round(spansPerSecond * rowsPerSpan) };
}

function main(): void {
  const build = (make: () => Span, count = SPANS) => Array.from({ length: REQUESTS }, () => request(Array.from({ length: count }, make)));
  const singleRow = build(inferenceSpan);
  const batchRows = 32;
  const batched = build(() => batchSpan(batchRows), SPANS / batchRows);

  const keyBytes = new Map<string, Uint8Array>();
  for (const s of singleRow[0].resourceSpans[0].scopeSpans[0].spans) for (const key of s.attributes.keys()) keyBytes.set(key, Buffer.from(key));
  const decoder = new TextDecoder();
  const freshSink = new CountingSink();
  const freshExtractor = new SpanExtractor(freshSink);
  let fresh = singleRow[0];
  let freshNext = 0;
  const freshRate = measureFresh(SPANS, () => { fresh = withFreshKeys(singleRow[freshNext++ % REQUESTS], keyBytes, decoder); }, () => {
    freshExtractor.consumeTraces(fresh);
  });

  // Baseline for the role cache: the same extraction with every key classified from scratch (prefix tests).
  const uncached: RoleLookup = { at: (_position: number, key: string): AttributeRole => classifyKey(key) };
  let uncachedRows = 0;
  const uncachedRate = measureFresh(SPANS, () => { fresh = withFreshKeys(singleRow[freshNext++ % REQUESTS], keyBytes, decoder); }, () => {
    for (const s of fresh.resourceSpans[0].scopeSpans[0].spans) {
      const batch = extractInferenceSpan(s, Date.now, uncached);
      if (typeof batch !== 'string') uncachedRows += batch.rows;
    }
  });
  if (uncachedRows === 0) throw new Error('the uncached baseline extracted nothing');

  const cases = [
    { name: 'inference, 1 row, 20 numeric + 4 categorical features', ...extractionRate(singleRow, SPANS, 1) },
    { name: 'the same, fresh key strings in every request', spansPerSecond: Math.round(freshRate), rowsPerSecond: Math.round(freshRate) },
    { name: `inference, batches of ${batchRows} rows, 24 features`, ...extractionRate(batched, SPANS / batchRows, batchRows) },
    { name: 'GenAI chat spans', ...extractionRate(build(genAiSpan), SPANS, 1) },
    { name: 'OpenInference LLM spans', ...extractionRate(build(openInferenceSpan), SPANS, 1) },
    { name: 'HTTP spans (ignored)', ...extractionRate(build(httpSpan), SPANS, 0) },
  ];

  let checksum = 0;
  const attributeWalk = measure(SPANS, () => {
    for (const rs of singleRow[checksum & 7].resourceSpans) {
      for (const ss of rs.scopeSpans) for (const s of ss.spans) for (const [key, value] of s.attributes) checksum += key.length + (value === null ? 0 : 1);
    }
  });
  const texts = singleRow.map(otlpJson);
  let parsed = 0;
  const jsonParse = measure(SPANS, () => {
    parsed += (JSON.parse(texts[parsed & 7]) as { resourceSpans: unknown[] }).resourceSpans.length;
  });
  const jsonDecode = measure(SPANS, () => {
    parsed += decodeTracesJson(texts[parsed & 7]).resourceSpans.length;
  });
  // The conservative figure: keys as fresh strings, as a decoder without key interning gives them.
  const extract = cases[1].spansPerSecond;
  const share = (decode: number) => Number((1 / (1 / decode + 1 / extract) / decode).toFixed(3));

  console.log(JSON.stringify({
    spansPerRequest: SPANS,
    featuresPerSpan: NUMERIC + CATEGORICAL,
    cases,
    baselines: {
      freshKeysWithoutRoleCacheSpansPerSecond: Math.round(uncachedRate),
      attributeWalkSpansPerSecond: Math.round(attributeWalk),
      jsonParseSpansPerSecond: Math.round(jsonParse),
      jsonDecodeSpansPerSecond: Math.round(jsonDecode),
      jsonBytesPerRequest: Buffer.byteLength(texts[0]),
    },
    endToEndShareOfJsonParse: share(jsonParse),
    endToEndShareOfJsonDecode: share(jsonDecode),
    node: process.version,
    checksum: checksum > 0 && parsed > 0,
  }, null, 2));
}

main();
