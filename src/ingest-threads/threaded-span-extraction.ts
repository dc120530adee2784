import { BatchUnpacker } from '../extract/batch-transfer.js';
import type { InferenceBatch, InferenceSink } from '../extract/inference-batch.js';
import type { SpanExtractor } from '../extract/span-extractor.js';
import type { LimitName } from '../extract/span-limits.js';
import { undecodableDetail } from '../otlp/decode-error.js';
import { decodeTracesTable } from '../otlp/protobuf/decode-traces-table.js';
import type { SpanTable } from '../otlp/span-table.js';
import type { TracesData } from '../otlp/types.js';
import type { ConsumeResult, ProtobufTracesConsumer, ProtobufTracesOutcome } from '../pipeline/consumer.js';
import { PROTOBUF_MEDIA_TYPE } from '../receiver/media-type.js';
import type { BodyPool } from '../receiver/route.js';
import { WorkerRequests } from '../threads/worker-requests.js';
import type { ExtractionAnswer, ExtractionRequest, ExtractionSettings } from './extraction-messages.js';

export interface ThreadedSpanExtractionOptions {
  /** Extraction threads (at least 1). */
  readonly threads: number;
  readonly settings: ExtractionSettings;
  /** Told of each limit a request broke (the self-metrics), as the extractor in place tells its own. */
  readonly breached?: (limit: LimitName) => void;
  /** The clock at a request's arrival. @default Date.now */
  readonly now?: () => number;
  /**
   * The threads' script. @default extraction-worker.js, which answers as extractRequest
   * (bench:ingest's thread ceiling gives one that answers a body it has seen from a cache)
   */
  readonly script?: URL;
}

/** One thread, and the mirror of what it has sent (its dictionary of texts). */
interface ExtractionThread {
  readonly requests: WorkerRequests<ExtractionRequest, ExtractionAnswer>;
  readonly unpacker: BatchUnpacker;
}

/**
 * Protobuf /v1/traces requests decoded and extracted on other threads
 * (`receiver.extraction_threads`), their batches handed to the sink on the event
 * loop, which keeps the profiles: without HTTP, decoding and extraction are about two
 * thirds of what a span costs the processor on one thread (bench:ingest-stages:
 * 1.9-2.0 of 3.0 µs).
 *
 * The answer and the sink's state are what extraction in place (`inPlace`, the
 * pipeline's own SpanExtractor) would give:
 * - the thread extracts as the event loop would, but cannot ask the sink whether it
 *   refuses a model version (limits.models), which depends on the registry. It hands
 *   back every model version it made a batch for, and the sink answers for all of
 *   them at once (`refusesNone`). When it might refuse one, the request is extracted
 *   again here, in place, from the request's body: refusals decide which spans
 *   are read together and which are rejected, in span order, and only that path has
 *   them. Refusals are rare (a bound reached); the cost is a second decode then.
 * - the batches go to the sink in the order the thread's extractor handed them on,
 *   which is the order in place;
 * - a span with neither end nor start time is dated by the clock at arrival, not
 *   when the thread reads it.
 *
 * JSON, gRPC and journal replay go on extracting in place, through the same
 * extractor. The requests a thread held when it failed are extracted in place (the
 * thread changes no state; the body is still here), and the next request starts a
 * new thread, whose first answer tells the unpacker to forget the old one's
 * dictionaries.
 */
export class ThreadedSpanExtraction implements ProtobufTracesConsumer {
  readonly #inPlace: SpanExtractor;
  readonly #sink: InferenceSink;
  readonly #options: ThreadedSpanExtractionOptions;
  readonly #now: () => number;
  readonly #threads: ExtractionThread[];
  readonly #buffers = new SharedBuffers();
  /** What a request's columns took at most so far: the size of the slabs lent. */
  #slabBytes = MIN_SHARED_BYTES;
  #answered = 0;
  /** The bodies the receiver is reading or has read into shared memory (bodyPool), with that memory. */
  readonly #lentBodies = new Map<Uint8Array, SharedArrayBuffer>();

  /**
   * The receiver reads a protobuf body straight into memory the threads can read, so
   * it is not copied there: at bench:ingest's thread ceiling, making a buffer of each
   * body and copying it on took 12% of the event loop.
   */
  readonly bodyPool: BodyPool = {
    lease: (bytes, mediaType) => {
      if (mediaType !== PROTOBUF_MEDIA_TYPE) return undefined;
      const shared = this.#buffers.lease(bytes);
      const body = Buffer.from(shared, 0, bytes);
      this.#lentBodies.set(body, shared);
      return body;
    },
    release: (body) => {
      const shared = this.#lentBodies.get(body);
      if (shared === undefined) return;
      this.#lentBodies.delete(body);
      this.#buffers.release(shared);
    },
  };

  /**
   * @param inPlace the extractor that feeds `sink` on the event loop, with the same settings
   * @param sink what `inPlace` hands its batches to
   */
  constructor(inPlace: SpanExtractor, sink: InferenceSink, options: ThreadedSpanExtractionOptions) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 1) throw new RangeError(`extraction needs at least 1 thread, got ${options.threads}`);
    this.#inPlace = inPlace;
    this.#sink = sink;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const script = options.script ?? new URL('./extraction-worker.js', import.meta.url);
    this.#threads = Array.from({ length: options.threads }, (_, i) => ({
      requests: new WorkerRequests<ExtractionRequest, ExtractionAnswer>(script, `extraction thread ${i + 1}`),
      unpacker: new BatchUnpacker(),
    }));
  }

  consumeTraces(data: TracesData): ConsumeResult {
    return this.#inPlace.consumeTraces(data);
  }

  consumeSpanTable(table: SpanTable): ConsumeResult {
    return this.#inPlace.consumeSpanTable(table);
  }

  /** Requests the threads answered (decoded or not). */
  get answered(): number {
    return this.#answered;
  }

  async consumeProtobufTraces(body: Uint8Array): Promise<ProtobufTracesOutcome> {
    const thread = this.#leastBusy();
    const lent = this.#lentBodies.has(body);
    // A body read elsewhere is copied into shared memory for the thread.
    const shared = lent ? undefined : this.#buffers.lease(body.byteLength);
    const inShared = shared === undefined ? body : new Uint8Array(shared, 0, body.byteLength);
    if (shared !== undefined) inShared.set(body);
    const slabs = this.#buffers.lease(this.#slabBytes);
    let answer: ExtractionAnswer;
    try {
      answer = await thread.requests.run({ body: inShared, nowUnixMs: this.#now(), settings: this.#options.settings, slabs });
    } catch {
      // The thread failed or is closed; it touched no state, and the body is still here.
      return this.#inPlaceOutcome(this.#owned(body));
    } finally {
      if (shared !== undefined) this.#buffers.release(shared);
    }
    this.#answered++;
    if (answer.kind === 'undecodable') {
      this.#buffers.release(slabs);
      return { undecodable: answer.detail };
    }
    // Unpacked at once, every answer in the order its thread sent them: each may add to the dictionary the next ones read.
    const batches = thread.unpacker.unpack(answer.sent, body);
    this.#buffers.release(slabs);
    if (answer.sent.slabsGrown) {
      // The columns did not fit: the thread made a larger buffer, which the next requests get.
      this.#buffers.release(answer.sent.slabs);
      this.#slabBytes = answer.sent.slabs.byteLength;
    }
    return { items: answer.spans, result: this.#take(answer, batches, body) };
  }

  /** What extraction in place makes of a protobuf body. */
  #inPlaceOutcome(body: Uint8Array): ProtobufTracesOutcome {
    let table: SpanTable;
    try {
      table = decodeTracesTable(body);
    } catch (error) {
      return { undecodable: undecodableDetail(error) };
    }
    return { items: table.size, result: this.#inPlace.consumeSpanTable(table) };
  }

  /**
   * The body, or a copy of it if it is lent (bodyPool): a SpanTable keeps the bytes it
   * was decoded from, for its spans' ids, and the batches extracted from it may outlive
   * the loan.
   */
  #owned(body: Uint8Array): Uint8Array {
    return this.#lentBodies.has(body) ? new Uint8Array(body) : body;
  }

  /** Stops the threads; requests at them are then extracted in place. */
  async close(): Promise<void> {
    await Promise.all(this.#threads.map((thread) => thread.requests.close()));
  }

  #take(answer: Extract<ExtractionAnswer, { kind: 'extracted' }>, batches: readonly InferenceBatch[], body: Uint8Array): ConsumeResult {
    const sink = this.#sink;
    if (sink.refusal !== undefined && sink.refusesNone?.(answer.keys) !== true) {
      return this.#inPlace.consumeSpanTable(decodeTracesTable(this.#owned(body)));
    }
    const breached = this.#options.breached;
    if (breached !== undefined) for (const limit of answer.breaches) breached(limit);
    const accept = sink.requestAcceptor !== undefined ? sink.requestAcceptor() : (batch: InferenceBatch) => sink.acceptInferences(batch);
    for (const batch of batches) accept(batch);
    return answer.result;
  }

  #leastBusy(): ExtractionThread {
    let best = this.#threads[0];
    for (const thread of this.#threads) if (thread.requests.queued < best.requests.queued) best = thread;
    return best;
  }
}

/** Shared buffers kept for reuse, at most: two per request at a thread, for 8 at once. */
const SPARE_BUFFERS = 16;
/** A shared buffer is made at least this large, so that requests of about one size reuse it. */
const MIN_SHARED_BYTES = 1 << 20;
/** A larger one (a body near receiver.max_body_bytes) is let go after use, so the spares stay within 16 × 4 MiB. */
const MAX_SPARE_BYTES = 4 << 20;

/**
 * Memory the extraction threads share with the event loop, kept and lent again: a
 * copy of each request body, and the room its columns come back in. Why not move the
 * body's own buffer to the thread and the columns' back, as ArrayBuffers: with 400
 * requests a second moving half a megabyte each way (bench:ingest's bodies over HTTP,
 * 13 s), V8 ran 21 full mark-compacts on the event loop against 3 in place, and its
 * helper threads took 1.3 µs of CPU a span against 0.2 (per-thread CPU from /proc).
 * With buffers lent again: 4 mark-compacts and 0.4 µs, for a memcpy of each body.
 */
class SharedBuffers {
  readonly #spare: SharedArrayBuffer[] = [];

  /** A buffer of at least `bytes`, the caller's until `release`. */
  lease(bytes: number): SharedArrayBuffer {
    const at = this.#spare.findIndex((buffer) => buffer.byteLength >= bytes);
    return at >= 0 ? this.#spare.splice(at, 1)[0] : new SharedArrayBuffer(Math.max(bytes, MIN_SHARED_BYTES));
  }

  /** Done with: nothing reads or writes it any more. */
  release(buffer: SharedArrayBuffer): void {
    if (this.#spare.length < SPARE_BUFFERS && buffer.byteLength <= MAX_SPARE_BYTES) this.#spare.push(buffer);
  }
}
