import type { SentBatches } from '../extract/batch-transfer.js';
import type { InferenceSink, ModelKey } from '../extract/inference-batch.js';
import { SpanExtractor } from '../extract/span-extractor.js';
import type { LimitName } from '../extract/span-limits.js';
import type { ConsumeResult } from '../pipeline/consumer.js';

/** What extraction needs to know on the other thread: the `limits` of the config, as SpanExtractor takes them. */
export interface ExtractionSettings {
  readonly attributesPerSpan: number;
  readonly stringLength: number;
  readonly featuresPerSpan: number;
  readonly spansPerRequest: number;
}

/** The extractor of these settings: the event loop's and each thread's are made alike. */
export function spanExtractorOf(
  sink: InferenceSink, settings: ExtractionSettings, now: () => number, breached?: (limit: LimitName) => void,
): SpanExtractor {
  return new SpanExtractor(sink, {
    now,
    spansPerRequest: settings.spansPerRequest,
    limits: {
      attributesPerSpan: settings.attributesPerSpan,
      stringLength: settings.stringLength,
      featuresPerSpan: settings.featuresPerSpan,
      ...(breached === undefined ? {} : { breached }),
    },
  });
}

/** One protobuf /v1/traces body for the extraction thread. */
export interface ExtractionRequest {
  /** A copy of the body in shared memory the event loop lends (SharedBuffers): nothing is moved or allocated per request. */
  readonly body: Uint8Array;
  /** The clock at arrival: what dates a span with neither end nor start time. */
  readonly nowUnixMs: number;
  readonly settings: ExtractionSettings;
  /** Where the answer's columns go (SentBatches.slabs), lent by the event loop. */
  readonly slabs: SharedArrayBuffer;
}

/** The thread's answer. */
export type ExtractionAnswer =
  | { readonly kind: 'undecodable'; readonly detail: string }
  | {
    readonly kind: 'extracted';
    /** Spans in the request. */
    readonly spans: number;
    /** The answer extraction gave, with no batch refused. */
    readonly result: ConsumeResult;
    /** The batches in the order they were handed on. */
    readonly sent: SentBatches;
    /** Every model version a batch was made for, once each. */
    readonly keys: readonly ModelKey[];
    /** The limits broken, once per breach, in order. */
    readonly breaches: readonly LimitName[];
  };
