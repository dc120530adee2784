import type { z } from 'zod';
import { duration, evenWithOtherProblems, httpUrl, integer, section, text } from './schema-fields.js';

/**
 * The settings of the retraining hand-off (issue 6): each model version's sample of
 * recent records, and the alert webhook. Fragments of serveConfigSchema, to be added
 * there as top-level `samples` and `webhook` keys.
 */

const DAY_MS = 86_400_000;

/** Each model version's sample of recent production records, exported at `GET /v1/models/{name}/{version}/samples`. */
export const samplesSettings = section('sample settings', {
  /**
   * Records in a model version's exported sample, drawn uniformly from its recent
   * records; 0 keeps no sample. Up to twice as many are held (the current and the
   * previous period's reservoirs).
   * @default 10000
   */
  size: integer(0, 10_000_000).default(10_000),
  /**
   * Sampling period: the sample is uniform over the records that arrived in the
   * current period and the whole period before it, so it covers the last one to two
   * periods. Feedback labels a record only while it is in the sample.
   * @default 86400000 (24h)
   */
  period: duration().default(DAY_MS),
}).prefault({});

/**
 * A webhook POSTed for each alert, so a retraining pipeline can start from it. Unset
 * `url`: no webhook.
 */
export const webhookSettings = section('alert webhook settings', {
  /**
   * Where each alert is POSTed as JSON.
   * @default undefined (no webhook)
   */
  url: httpUrl().optional(),
  /**
   * Key of the HMAC-SHA256 signature in `X-Modelwatch-Signature`; the receiver holds
   * the same. Required with `url`, unless `secret_file` is given.
   */
  secret: text('the shared secret').optional(),
  /** File holding the secret (its first line), so the secret need not be in the configuration. */
  secret_file: text('a file path').optional(),
  /**
   * Attempts per alert, the first included; then the alert is given up and counted.
   * @default 6
   */
  max_attempts: integer(1, 100).default(6),
  /**
   * Wait before the second attempt; it doubles per attempt, half of it jittered.
   * @default 1000 (1s)
   */
  initial_backoff: duration().default(1_000),
  /**
   * Longest wait between attempts, a Retry-After included.
   * @default 60000 (60s)
   */
  max_backoff: duration().default(60_000),
  /**
   * Time allowed for one attempt.
   * @default 10000 (10s)
   */
  timeout: duration().default(10_000),
  /**
   * Alerts waiting for delivery; beyond it new alerts are dropped and counted.
   * @default 1000
   */
  max_queue: integer(1).default(1_000),
}).superRefine((value, context) => {
  const hasSecret = value.secret !== undefined;
  const hasFile = value.secret_file !== undefined;
  if (value.url !== undefined && !hasSecret && !hasFile) {
    context.issues.push({
      code: 'custom', input: value, path: ['secret'],
      message: 'a webhook is signed, so it needs a secret: give secret or secret_file',
    });
  }
  if (hasSecret && hasFile) {
    context.issues.push({ code: 'custom', input: value, path: ['secret_file'], message: 'give secret or secret_file, not both' });
  }
  if (typeof value.initial_backoff === 'number' && typeof value.max_backoff === 'number' && value.max_backoff < value.initial_backoff) {
    context.issues.push({
      code: 'custom', input: value.max_backoff, path: ['max_backoff'],
      message: `is ${value.max_backoff} ms, below initial_backoff (${value.initial_backoff} ms); raise it or lower initial_backoff`,
    });
  }
}, evenWithOtherProblems).prefault({});

export type SamplesConfig = z.output<typeof samplesSettings>;
export type WebhookConfig = z.output<typeof webhookSettings>;
