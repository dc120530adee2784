import { randomUUID } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import type { Alert } from '../export/window-alerts.js';
import { alertPayload } from './alert-payload.js';
import { nextDelayMs, retryAfterMs, type BackoffPolicy } from './retry-delay.js';
import { WEBHOOK_HEADERS, webhookSignature } from './webhook-signature.js';

export interface AlertWebhookOptions extends BackoffPolicy {
  /** Where each alert is POSTed. */
  readonly url: string;
  /** The HMAC-SHA256 key of the signature. */
  readonly secret: string;
  /** Attempts per alert, the first included; then it is given up and counted as failed. */
  readonly maxAttempts: number;
  /** Time allowed for one attempt, until the response headers arrive. */
  readonly timeoutMs: number;
  /** Alerts waiting or in flight; beyond it new alerts are dropped and counted. */
  readonly maxQueue: number;
  /** Uniforms in [0, 1] for the jitter. @default Math.random */
  readonly random?: () => number;
  /** The clock, Unix milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** What became of the alerts handed to the webhook so far. */
export interface AlertWebhookStats {
  /** Alerts waiting or in flight now. */
  readonly queued: number;
  /** Acknowledged with a 2xx. */
  readonly delivered: number;
  /** Given up: a permanent refusal (4xx other than 408 and 429), or every attempt failed. */
  readonly failed: number;
  /** Not queued: the queue was full, or the webhook shutting down. */
  readonly dropped: number;
  /** Attempts after the first, over all alerts. */
  readonly retries: number;
}

interface Delivery {
  readonly id: string;
  readonly body: string;
}

/** How one attempt ended. */
type Outcome = { readonly kind: 'delivered' } | { readonly kind: 'permanent'; readonly why: string }
  | { readonly kind: 'retry'; readonly why: string; readonly retryAfterMs?: number };

/**
 * Sends each alert, as JSON signed with HMAC-SHA256 (see webhookSignature), to a
 * configured URL, so a retraining pipeline can start from it. Deliveries go one at a
 * time, in order (alerts are few; order keeps a receiver's log readable). Network
 * errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter,
 * honouring Retry-After, up to `maxAttempts`; other answers are final. Failures go
 * to the diagnostic logger and the counters, never to the caller: an alert webhook
 * must not break the pipeline that publishes windows.
 */
export class AlertWebhook {
  readonly #options: AlertWebhookOptions;
  readonly #random: () => number;
  readonly #now: () => number;
  /** Waiting deliveries; the first is the one in flight while `#draining` is set. */
  readonly #queue: Delivery[] = [];
  readonly #stopping = new AbortController();
  #draining: Promise<void> | undefined;
  #shutdown: Promise<void> | undefined;
  #delivered = 0;
  #failed = 0;
  #dropped = 0;
  #retries = 0;

  constructor(options: AlertWebhookOptions) {
    if (!(options.maxAttempts >= 1) || !(options.maxQueue >= 1)) throw new RangeError('maxAttempts and maxQueue are at least 1');
    this.#options = options;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /** Queues an alert for delivery; returns false (and counts it) when it is dropped. */
  send(alert: Alert): boolean {
    if (this.#shutdown !== undefined || this.#queue.length >= this.#options.maxQueue) {
      this.#dropped++;
      diag.warn(`modelwatch webhook: alert for model "${alert.model}" version "${alert.version}" dropped (${this.#shutdown ? 'shutting down' : 'queue full'})`);
      return false;
    }
    // The id is in the body too, so a receiver that stores bodies can deduplicate without the headers.
    const id = randomUUID();
    this.#queue.push({ id, body: alertPayload(alert, id) });
    this.#draining ??= this.#drain().finally(() => { this.#draining = undefined; });
    return true;
  }

  stats(): AlertWebhookStats {
    return { queued: this.#queue.length, delivered: this.#delivered, failed: this.#failed, dropped: this.#dropped, retries: this.#retries };
  }

  /** Resolves when every queued alert has been delivered or given up (tests; a graceful stop). */
  async idle(): Promise<void> {
    while (this.#draining !== undefined) await this.#draining;
  }

  /**
   * Stops taking alerts, lets the queue drain for up to `graceMs`, then abandons what
   * is left (counted as dropped). Safe to call twice.
   */
  shutdown(graceMs = 5_000): Promise<void> {
    this.#shutdown ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); });
      await Promise.race([this.idle(), grace]);
      clearTimeout(timer);
      this.#stopping.abort();
      await this.idle();
    })();
    return this.#shutdown;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const delivery = this.#queue[0];
      if (this.#stopping.signal.aborted) {
        this.#dropped += this.#queue.length;
        this.#queue.length = 0;
        return;
      }
      await this.#deliver(delivery);
      this.#queue.shift();
    }
  }

  async #deliver(delivery: Delivery): Promise<void> {
    const { maxAttempts } = this.#options;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#attempt(delivery);
      if (outcome.kind === 'delivered') {
        this.#delivered++;
        return;
      }
      const giveUp = outcome.kind === 'permanent' || attempt >= maxAttempts || this.#stopping.signal.aborted;
      if (giveUp) {
        this.#failed++;
        diag.warn(`modelwatch webhook: delivery ${delivery.id} given up after ${attempt} attempt(s): ${outcome.why}`);
        return;
      }
      const retryAfter = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
      await this.#sleep(nextDelayMs(attempt, retryAfter, this.#options, this.#random));
      if (this.#stopping.signal.aborted) {
        this.#failed++;
        diag.warn(`modelwatch webhook: delivery ${delivery.id} given up after ${attempt} attempt(s): shutting down (${outcome.why})`);
        return;
      }
      this.#retries++;
    }
  }

  async #attempt(delivery: Delivery): Promise<Outcome> {
    const timestamp = Math.floor(this.#now() / 1000);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.#options.timeoutMs);
    const stop = () => abort.abort();
    this.#stopping.signal.addEventListener('abort', stop);
    try {
      const response = await fetch(this.#options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'modelwatch-webhook',
          [WEBHOOK_HEADERS.delivery]: delivery.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: webhookSignature(this.#options.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: abort.signal,
      });
      // The body is not needed; cancelling it frees the connection for the next attempt.
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      if (status >= 200 && status < 300) return { kind: 'delivered' };
      const why = `HTTP ${status}`;
      if (status === 408 || status === 429 || status >= 500) {
        return { kind: 'retry', why, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.#now()) };
      }
      return { kind: 'permanent', why };
    } catch (error) {
      const why = abort.signal.aborted ? (this.#stopping.signal.aborted ? 'shutting down' : `no answer within ${this.#options.timeoutMs} ms`)
        : String((error as Error).cause ?? error);
      return { kind: 'retry', why };
    } finally {
      clearTimeout(timer);
      this.#stopping.signal.removeEventListener('abort', stop);
    }
  }

  /** Waits, unless the webhook is shut down first. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.#stopping.signal;
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }
}
