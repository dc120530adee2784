import type { CompressedBody } from '../receiver/read-body.js';

/** What the journal replays: the signal an accepted request carried. */
export type JournalSignal = 'traces' | 'logs' | 'metrics' | 'feedback';

/** One accepted request, as received: replaying it through the same handlers redoes its effect. */
export interface JournalEntry {
  readonly signal: JournalSignal;
  /** The request's Content-Type media type (protobuf or JSON). */
  readonly mediaType: string;
  /** The processor's clock when the request was taken: replay runs on it, so windows and horizons come out the same. */
  readonly arrivalUnixMs: number;
  /** The body after decompression. */
  readonly body: Buffer;
  /**
   * The body as received when it came compressed: what the journal writes then,
   * a few times fewer bytes (the Collector's OTLP exporter sends gzip by default).
   */
  readonly wire?: CompressedBody;
}
