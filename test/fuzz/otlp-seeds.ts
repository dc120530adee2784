import { decodeLogsJson } from '../../src/otlp/json/decode-logs-json.js';
import { decodeMetricsJson } from '../../src/otlp/json/decode-metrics-json.js';
import { decodeTracesJson } from '../../src/otlp/json/decode-traces-json.js';
import { readOtlpExample } from '../helpers/otlp-examples.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { encodeLogs, encodeMetrics, encodeTraces } from '../otlp/encode-protobuf.js';

export type Signal = 'traces' | 'logs' | 'metrics';

/** Valid request bodies the mutators start from, per signal and encoding. */
export interface OtlpSeeds {
  readonly json: Readonly<Record<Signal, readonly Uint8Array[]>>;
  readonly protobuf: Readonly<Record<Signal, readonly Uint8Array[]>>;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The official OTLP/JSON examples (and their protobuf encodings by the tests' own
 * encoder), plus inference spans as the project's test helper writes them, so
 * mutations reach extraction and the model registry, not only the decoders.
 */
export function otlpSeeds(): OtlpSeeds {
  const inference = [
    encodeTracesJsonRequest([
      { 'ml.model.name': 'fuzz', 'ml.model.version': '1', 'ml.inference.id': 'a', 'ml.feature.x': 1.5, 'ml.feature.c': 'red', 'ml.prediction': 1 },
      { 'ml.model.name': 'fuzz', 'ml.model.version': '1', 'ml.feature.x': 2, 'ml.feature.c': 'blue', 'ml.prediction': 0, 'ml.prediction.probability': [0.3, 0.7] },
    ], 1_700_000_000_000),
    encodeTracesJsonRequest([{ 'ml.model.name': 'fuzz-llm', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 12, 'ml.feature.tags': ['a', 'b'] }], 1_700_000_000_000),
  ];
  const tracesJson = [readOtlpExample('trace.json'), ...inference];
  const logsJson = [readOtlpExample('logs.json'), readOtlpExample('events.json')];
  const metricsJson = [readOtlpExample('metrics.json')];
  return {
    json: { traces: tracesJson.map(utf8), logs: logsJson.map(utf8), metrics: metricsJson.map(utf8) },
    protobuf: {
      traces: tracesJson.map((text) => encodeTraces(decodeTracesJson(text))),
      logs: logsJson.map((text) => encodeLogs(decodeLogsJson(text))),
      metrics: metricsJson.flatMap((text) => [true, false].map((packed) => encodeMetrics(decodeMetricsJson(text), { packed }))),
    },
  };
}
