/**
 * An extraction thread that costs next to nothing: the first time it sees a body it
 * extracts it as the real thread does (extractRequest), and keeps the answer with a
 * copy of its columns; a body it has seen before (byte for byte) gets that answer
 * again, its columns copied into the memory lent for them.
 *
 * Why: bench:ingest's `threadCeiling`. The benchmark sends 8 bodies in turn, so with
 * this script the event loop does all it does with a real thread (reads the body,
 * copies it to shared memory, posts it, unpacks the answer, feeds the profiles,
 * answers) while the other core is nearly idle: the most one extraction thread could
 * give on this machine, however fast it extracted.
 *
 * BENCH_REPLAY_SPIN_US=X (environment): before each replayed answer the thread spins for
 * X µs a span of the request, as a thread whose extraction cost X would be busy: what a
 * faster extraction thread would give, measured before it is built (README, Speed).
 *
 * A replayed answer is the one the real thread gave for the body, so the processor
 * keeps the same state (test/ingest-threads/replay-extraction-worker.test.ts). It adds
 * no text to the dictionaries (those it refers to were sent with the first answer);
 * when the real packer starts its dictionaries again, the answers kept are forgotten.
 */
import { extractRequest } from '../src/ingest-threads/extract-request.js';
import type { ExtractionAnswer, ExtractionRequest } from '../src/ingest-threads/extraction-messages.js';
import { answerRequests } from '../src/threads/answer-requests.js';

type Extracted = Extract<ExtractionAnswer, { kind: 'extracted' }>;

interface KeptAnswer {
  readonly body: Buffer;
  readonly answer: Extracted;
  /** The answer's numbers then codes, as they were in its slabs. */
  readonly columns: Uint8Array;
}

/** Bodies seen, by length. */
const kept = new Map<number, KeptAnswer[]>();

function keptFor(body: Uint8Array): KeptAnswer | undefined {
  return kept.get(body.byteLength)?.find((entry) => entry.body.equals(body));
}

/** µs a span the thread spins before a replayed answer (BENCH_REPLAY_SPIN_US). */
const SPIN_MICROS_PER_SPAN = Number(process.env.BENCH_REPLAY_SPIN_US ?? 0);

function spinFor(spans: number): void {
  const until = performance.now() + (SPIN_MICROS_PER_SPAN * spans) / 1000;
  while (performance.now() < until) {
    // Busy, as extraction would be: the core is taken from the event loop and the client.
  }
}

function replayed(entry: KeptAnswer, slabs: SharedArrayBuffer): Extracted {
  if (SPIN_MICROS_PER_SPAN > 0) spinFor(entry.answer.spans);
  new Uint8Array(slabs, 0, entry.columns.byteLength).set(entry.columns);
  const sent = { ...entry.answer.sent, slabs, slabsGrown: false, fresh: false, newTexts: [], newNames: [] };
  return { ...entry.answer, sent };
}

function keep(body: Uint8Array, answer: Extracted): void {
  const { sent } = answer;
  // The dictionaries started again: the codes of the answers kept refer to the old ones.
  if (sent.fresh) kept.clear();
  const columns = new Uint8Array(sent.slabs, 0, 8 * sent.numbers + 4 * sent.codes).slice();
  // Replaces the answer kept for these bytes, if any (it did not fit the memory lent, which has grown since).
  const entries = (kept.get(body.byteLength) ?? []).filter((entry) => !entry.body.equals(body));
  entries.push({ body: Buffer.from(body), answer, columns });
  kept.set(body.byteLength, entries);
}

answerRequests<ExtractionRequest, ExtractionAnswer>((request) => {
  const entry = keptFor(request.body);
  if (entry !== undefined && entry.columns.byteLength <= request.slabs.byteLength) return replayed(entry, request.slabs);
  const answer = extractRequest(request);
  if (answer.kind === 'extracted') keep(request.body, answer);
  return answer;
});
