import { diag } from '@opentelemetry/api';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import type { SpanTable } from '../otlp/span-table.js';
import { unpackSpanTable, type TransferredSpanTable } from '../otlp/span-table-transfer.js';
import { WorkerRequests } from '../threads/worker-requests.js';
import { ReceiverError } from './receiver-errors.js';

/** What the thread answers for one body. */
export type DecodedOnThread =
  | { readonly table: TransferredSpanTable; readonly undecodable?: undefined }
  | { readonly undecodable: string; readonly table?: undefined };

/**
 * Bodies smaller than this are decoded in place (the receiver's choice): the trip to
 * the thread and back (two messages, a wake-up) costs more than decoding a few spans.
 */
export const DECODE_THREAD_MIN_BYTES = 16 * 1024;

/** What the receiver tells a client about a body that does not decode, whichever thread found it. */
export function undecodableDetail(error: unknown): string {
  return error instanceof OtlpDecodeError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
}

/**
 * Decodes protobuf /v1/traces bodies into SpanTables on a worker thread, so that the
 * event loop extracts and profiles one request while the thread decodes the next:
 * decoding is about a third of a protobuf span's cost in the processor (bench:ingest's
 * profile), and with it off the event loop one process ingests on two cores.
 *
 * The body moves to the thread and comes back with the table (no copy either way),
 * so the request's own Buffer is empty meanwhile: the caller reads the body from
 * the result. A body that is not the sole user of its memory (a small pooled Buffer)
 * is copied first. The table is the one decodeTracesTable makes in place, and a body
 * that does not decode is refused with the same message. If the thread dies with
 * bodies on it (they are gone with it), those requests are answered 503 and their
 * clients send them again; the next body starts a new thread.
 */
export class TracesDecodeThread {
  readonly #requests = new WorkerRequests<Uint8Array, DecodedOnThread>(
    new URL('./traces-decode-worker.js', import.meta.url), 'the traces decode thread');

  /** Bodies sent to the thread and not back yet. */
  get queued(): number {
    return this.#requests.queued;
  }

  /**
   * The body's table and the body itself (its bytes, now on this side again).
   * @throws OtlpDecodeError (the promise rejects) when the body does not decode
   */
  async decode(body: Buffer): Promise<{ readonly table: SpanTable; readonly body: Buffer }> {
    const owned = ownsItsMemory(body) ? body : Buffer.from(body);
    let answer: DecodedOnThread;
    try {
      answer = await this.#requests.run(owned, [owned.buffer as ArrayBuffer]);
    } catch (error) {
      diag.warn(`modelwatch receiver: ${(error as Error).message}; the traces requests it held are answered 503`);
      throw new ReceiverError('MODELWATCH_ERR_DECODE_THREAD_FAILED', (error as Error).message);
    }
    if (answer.undecodable !== undefined) throw new OtlpDecodeError('', answer.undecodable);
    const table = unpackSpanTable(answer.table);
    const bytes = table.bytes;
    return { table, body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  /** Stops the thread; bodies in flight are rejected. */
  close(): Promise<void> {
    return this.#requests.close();
  }
}

/** Whether the Buffer's ArrayBuffer holds nothing else, so moving it takes nothing from anyone. */
function ownsItsMemory(body: Buffer): boolean {
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
}
