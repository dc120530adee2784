import type { SentBatches } from '../extract/batch-transfer.js';
import type { ModelKey } from '../extract/inference-batch.js';
import type { LimitName } from '../extract/span-limits.js';
import type { ConsumeResult } from '../pipeline/consumer.js';

/** What extraction needs to know on the other thread: the `limits` of the config, as SpanExtractor takes them. */
export interface ExtractionSettings {
  readonly attributesPerSpan: number;
  readonly stringLength: number;
  readonly featuresPerSpan: number;
  readonly spansPerRequest: number;
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
