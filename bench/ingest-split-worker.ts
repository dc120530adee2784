/**
 * bench/ingest-split.ts's other thread: decodes each body it is sent, extracts it
 * with one SpanExtractor kept across bodies (as the processor keeps its own), and
 * sends the batches back (split-batches.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { InferenceBatch } from '../src/extract/inference-batch.js';
import { SpanExtractor } from '../src/extract/span-extractor.js';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import { sendBatches } from './split-batches.js';

const port = parentPort!;
let batches: InferenceBatch[] = [];
const extractor = new SpanExtractor({ acceptInferences: (batch) => batches.push(batch), acceptFeedback: () => undefined });

port.on('message', (body: Uint8Array) => {
  batches = [];
  extractor.consumeSpanTable(decodeTracesTable(body));
  const { sent, transfer } = sendBatches(batches);
  port.postMessage(sent, transfer);
});
