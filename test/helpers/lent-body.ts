import type { ThreadedSpanExtraction } from '../../src/ingest-threads/threaded-span-extraction.js';

/**
 * Hands a protobuf body to the threaded extraction as the receiver does without a
 * data dir: read into memory from its body pool, given back once the answer settles,
 * and then overwritten, as the next body lent that memory would overwrite it.
 */
export async function consumeInLentMemory(extraction: ThreadedSpanExtraction, body: Uint8Array) {
  const loan = extraction.bodyPool.lease(body.length, 'application/x-protobuf');
  if (loan === undefined) throw new Error('the body pool lends room for protobuf bodies');
  loan.set(body);
  try {
    return await extraction.consumeProtobufTraces(loan);
  } finally {
    extraction.bodyPool.release(loan);
    loan.fill(0xa5);
  }
}
