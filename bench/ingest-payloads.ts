/**
 * The request bodies of the ingest benchmark (bench/ingest.ts), built once before
 * anything is timed: ExportTraceServiceRequests of inference spans made by the
 * OpenTelemetry SDK and serialized by @opentelemetry/otlp-transformer (the code the
 * SDK's OTLP/HTTP exporters run), as protobuf and as JSON from the same spans.
 *
 * Each span is one inference row (CONVENTIONS.md §1): `ml.model.name`,
 * `ml.model.version`, numeric and categorical `ml.feature.*` attributes and
 * `ml.prediction`. Values have the shapes of bench/decode.ts's request (several
 * scales, some integers, few digits); the spans of a request go round-robin over the
 * models, so every request feeds every model's state.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { recordSpans } from '../test/otlp/sdk-telemetry.js';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

/** What the requests carry. */
export interface PayloadShape {
  /** Distinct (model, version) pairs, named `model-<i>` version `v1`. */
  readonly models: number;
  readonly numericFeatures: number;
  readonly categoricalFeatures: number;
  readonly spansPerRequest: number;
  /** Distinct requests built; the benchmark sends them in turn. */
  readonly requests: number;
  readonly seed: number;
}

/** The bodies of one shape, in both encodings; request i of each encoding holds the same spans. */
/** The throughput phase's requests (issue 3: batches of 512 spans, 20 numeric and 4 categorical features). */
export const THROUGHPUT_SHAPE: PayloadShape = Object.freeze({ models: 4, numericFeatures: 20, categoricalFeatures: 4, spansPerRequest: 512, requests: 8, seed: 42 });

export interface IngestPayloads {
  readonly shape: PayloadShape;
  readonly protobuf: readonly Buffer[];
  readonly json: readonly Buffer[];
  /** `ml.*` attributes per span. */
  readonly attributesPerSpan: number;
}

/** Category sets of growing size; categorical feature c draws from set c mod 4. */
const CATEGORY_SETS: readonly (readonly string[])[] = [
  ['basic', 'plus', 'premium'],
  ['fr', 'de', 'us', 'jp', 'br', 'in', 'gb', 'es'],
  ['web', 'ios', 'android'],
  Array.from({ length: 40 }, (_, i) => `city${i}`),
];

/** Model i's name, as the spans carry it. */
export function modelName(index: number): string {
  return `model-${index}`;
}

/** Builds `shape.requests` distinct requests; the same shape always gives the same values. */
export async function ingestPayloads(shape: PayloadShape): Promise<IngestPayloads> {
  const random = seededRandom(shape.seed);
  const protobuf: Buffer[] = [];
  const json: Buffer[] = [];
  let row = 0;
  for (let r = 0; r < shape.requests; r++) {
    const spans = await recordSpans((tracer) => {
      for (let i = 0; i < shape.spansPerRequest; i++, row++) {
        const model = row % shape.models;
        const attributes: Record<string, string | number> = { 'ml.model.name': modelName(model), 'ml.model.version': 'v1' };
        for (let f = 0; f < shape.numericFeatures; f++) {
          attributes[`ml.feature.num_${f}`] = f % 4 === 0
            ? Math.round(30 + 10 * standardNormal(random))
            : Number((standardNormal(random) * 10 ** (f % 3)).toPrecision(6));
        }
        for (let c = 0; c < shape.categoricalFeatures; c++) {
          const options = CATEGORY_SETS[c % CATEGORY_SETS.length];
          attributes[`ml.feature.cat_${c}`] = options[Math.floor(random() * options.length)];
        }
        attributes['ml.prediction'] = Number(random().toFixed(4));
        tracer.startSpan(`predict ${modelName(model)}`, { attributes }).end();
      }
    });
    protobuf.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!));
    json.push(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!));
  }
  return { shape, protobuf, json, attributesPerSpan: 3 + shape.numericFeatures + shape.categoricalFeatures };
}
