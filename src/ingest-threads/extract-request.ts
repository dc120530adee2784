/**
 * What the extraction thread (ThreadedSpanExtraction, extraction-worker.ts) does with
 * each request: decodes the protobuf /v1/traces body into a SpanTable and extracts it
 * with a SpanExtractor kept across requests, as the event loop would, into a sink that
 * refuses nothing and keeps the batches in the order they are handed on; they go back
 * packed (batch-transfer.ts). The body is read, and the columns written, in memory the
 * event loop lends. Module state: one thread, one extractor and one packer.
 */
import { BatchPacker } from '../extract/batch-transfer.js';
import type { InferenceBatch, ModelKey } from '../extract/inference-batch.js';
import type { SpanExtractor } from '../extract/span-extractor.js';
import type { LimitName } from '../extract/span-limits.js';
import { undecodableDetail } from '../otlp/decode-error.js';
import { decodeTracesTable } from '../otlp/protobuf/decode-traces-table.js';
import type { SpanTable } from '../otlp/span-table.js';
import { spanExtractorOf, type ExtractionAnswer, type ExtractionRequest, type ExtractionSettings } from './extraction-messages.js';

let batches: InferenceBatch[] = [];
let breaches: LimitName[] = [];
let now = 0;
let packer = new BatchPacker();
let extractor: SpanExtractor | undefined;
let extractorSettings: ExtractionSettings | undefined;

/** The extractor for these settings: the same one while they stay (its caches are kept across requests). */
function extractorFor(settings: ExtractionSettings): SpanExtractor {
  if (extractor !== undefined && extractorSettings !== undefined && sameSettings(extractorSettings, settings)) return extractor;
  extractorSettings = settings;
  const sink = { acceptInferences: (batch: InferenceBatch) => void batches.push(batch), acceptFeedback: () => undefined };
  extractor = spanExtractorOf(sink, settings, () => now, (limit) => breaches.push(limit));
  return extractor;
}

function sameSettings(a: ExtractionSettings, b: ExtractionSettings): boolean {
  return a.attributesPerSpan === b.attributesPerSpan && a.stringLength === b.stringLength
    && a.featuresPerSpan === b.featuresPerSpan && a.spansPerRequest === b.spansPerRequest;
}

/** Every model version of the batches, once each. */
function keysOf(list: readonly InferenceBatch[]): ModelKey[] {
  const seen = new Map<string, Set<string>>();
  const keys: ModelKey[] = [];
  for (const { model, version } of list) {
    let versions = seen.get(model);
    if (versions === undefined) seen.set(model, versions = new Set());
    if (versions.has(version)) continue;
    versions.add(version);
    keys.push({ model, version });
  }
  return keys;
}

/** The answer to one request; a throw fails that request alone (500). */
export function extractRequest(request: ExtractionRequest): ExtractionAnswer {
  let table: SpanTable;
  try {
    // Read where the event loop put it: nothing read from it outlives this call (ids are made hex in pack, strings are copies).
    table = decodeTracesTable(request.body);
  } catch (error) {
    return { kind: 'undecodable', detail: undecodableDetail(error) };
  }
  batches = [];
  breaches = [];
  now = request.nowUnixMs;
  try {
    const result = extractorFor(request.settings).consumeSpanTable(table);
    const sent = packer.pack(batches, table.spanIdsAt, table.traceIdsAt, request.slabs);
    return { kind: 'extracted', spans: table.size, result, sent, keys: keysOf(batches), breaches };
  } catch (error) {
    // The request fails (500). A pack cut short may have coded texts the other side never got: start the dictionaries again.
    packer = new BatchPacker();
    throw error;
  } finally {
    batches = [];
  }
}
