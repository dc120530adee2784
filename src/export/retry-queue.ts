import { diag } from '@opentelemetry/api';

/** What became of one attempt to send a batch. */
export type Delivery = 'delivered' | 'retry' | 'refused';

/** How a {@link RetryQueue} holds and retries. */
export interface RetryQueueOptions {
  /** What the queue is for, in its diagnostics ("alerts"). */
  readonly what: string;
  /** Items held at most; past it the oldest are dropped. */
  readonly maxItems: number;
  /** Items sent in one attempt at most. */
  readonly maxBatch: number;
  /** Wait after the first failed attempt; each further failure doubles it, up to `maxBackoffMillis`. */
  readonly initialBackoffMillis: number;
  readonly maxBackoffMillis: number;
  /** Told how many items were dropped: past the bound, refused by the backend, or still held at shutdown. */
  readonly onDropped: (count: number) => void;
}

interface Entry<T> {
  readonly seq: number;
  readonly item: T;
}

/**
 * A bounded, in-order queue of items a backend has not taken yet, sent in batches
 * and retried until delivered. The head batch is retried, with exponential backoff
 * (±20 % jitter), until the backend takes it, and only then is the next sent: order
 * is kept. A batch the backend refuses for good (`refused`: a 4xx other than 429)
 * is dropped, since sending it again would be refused again. Past `maxItems` the
 * oldest items are dropped, including ones of the batch in flight (counted as
 * dropped only if that attempt then fails). Held in memory only: what is still
 * held at shutdown, after one last attempt, is dropped and counted.
 */
export class RetryQueue<T> {
  readonly #send: (batch: T[]) => Promise<Delivery>;
  readonly #options: RetryQueueOptions;
  #entries: Entry<T>[] = [];
  #nextSeq = 0;
  /** The attempt under way, and the last sequence number it carries. */
  #inFlight?: { readonly done: Promise<boolean>; readonly lastSeq: number; dropped: number };
  #timer?: NodeJS.Timeout;
  #failures = 0;
  #stopped = false;

  /** @param send one attempt to deliver a batch; one that throws or rejects counts as `refused` */
  constructor(send: (batch: T[]) => Promise<Delivery>, options: RetryQueueOptions) {
    this.#send = send;
    this.#options = options;
  }

  /** Items held, not counting ones of the attempt under way that were already dropped. */
  get size(): number {
    return this.#entries.length;
  }

  /** Takes items to deliver, after those already held. */
  add(items: readonly T[]): void {
    if (this.#stopped) {
      this.#options.onDropped(items.length);
      return;
    }
    for (const item of items) this.#entries.push({ seq: this.#nextSeq++, item });
    this.#dropOverflow();
    if (this.#inFlight === undefined && this.#timer === undefined) this.#schedule(0);
  }

  /** Sends what is held now, skipping a backoff under way; resolves once all is delivered or an attempt failed. */
  async flush(): Promise<void> {
    while (this.#entries.length > 0) {
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
      if (!(await this.#attempt())) return;
    }
  }

  /** One last flush; whatever is still held then is dropped and counted. */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    await this.flush();
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#inFlight !== undefined) await this.#inFlight.done;
    const left = this.#entries.length;
    this.#entries = [];
    if (left > 0) {
      diag.warn(`modelwatch: ${left} ${this.#options.what} were not delivered before shutdown; dropped`);
      this.#options.onDropped(left);
    }
  }

  #dropOverflow(): void {
    const over = this.#entries.length - this.#options.maxItems;
    if (over <= 0) return;
    const dropped = this.#entries.splice(0, over);
    const inFlight = this.#inFlight;
    const ofAttempt = inFlight === undefined ? 0 : dropped.filter((entry) => entry.seq <= inFlight.lastSeq).length;
    if (inFlight !== undefined) inFlight.dropped += ofAttempt;
    if (dropped.length > ofAttempt) this.#options.onDropped(dropped.length - ofAttempt);
  }

  #schedule(delayMillis: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#attempt();
    }, delayMillis);
    // A queue waiting out an outage does not keep the process alive; shutdown() is what ends it.
    this.#timer.unref();
  }

  /** Resolves true when the head batch was delivered (or refused for good), false when it is to be retried. */
  #attempt(): Promise<boolean> {
    if (this.#inFlight !== undefined) return this.#inFlight.done;
    if (this.#entries.length === 0) return Promise.resolve(true);
    const batch = this.#entries.slice(0, this.#options.maxBatch);
    const attempt = { lastSeq: batch[batch.length - 1]!.seq, dropped: 0, done: undefined as unknown as Promise<boolean> };
    // A send that throws is a fault of this batch, not of the backend: retried, it would block the queue for good.
    const answered = Promise.resolve().then(() => this.#send(batch.map((entry) => entry.item))).catch((error: unknown): Delivery => {
      diag.error(`modelwatch: sending ${this.#options.what} failed`, error);
      return 'refused';
    });
    attempt.done = answered.then((delivery) => {
      this.#inFlight = undefined;
      const sent = this.#removeThrough(attempt.lastSeq, delivery !== 'retry');
      if (delivery === 'refused') {
        diag.warn(`modelwatch: the backend refused ${sent + attempt.dropped} ${this.#options.what} for good; dropped`);
        this.#options.onDropped(sent + attempt.dropped);
      } else if (delivery === 'retry' && attempt.dropped > 0) {
        this.#options.onDropped(attempt.dropped);
      }
      this.#failures = delivery === 'retry' ? this.#failures + 1 : 0;
      if (this.#entries.length > 0 && this.#timer === undefined) this.#schedule(delivery === 'retry' ? this.#backoff() : 0);
      return delivery !== 'retry';
    });
    this.#inFlight = attempt;
    return attempt.done;
  }

  /** Removes the held entries up to `lastSeq` when `remove`; returns how many were removed. */
  #removeThrough(lastSeq: number, remove: boolean): number {
    if (!remove) return 0;
    let count = 0;
    while (count < this.#entries.length && this.#entries[count]!.seq <= lastSeq) count++;
    this.#entries.splice(0, count);
    return count;
  }

  #backoff(): number {
    const { initialBackoffMillis, maxBackoffMillis } = this.#options;
    const base = Math.min(maxBackoffMillis, initialBackoffMillis * 2 ** Math.min(this.#failures - 1, 30));
    return base * (0.8 + Math.random() * 0.4);
  }
}
