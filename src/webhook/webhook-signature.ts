import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  /** `sha256=<hex>`: HMAC-SHA256, keyed with the secret, of `<timestamp>.<raw body>`. */
  signature: 'X-Modelwatch-Signature',
  /** Unix seconds when this attempt was signed; part of the signed content. */
  timestamp: 'X-Modelwatch-Timestamp',
  /** The same for every attempt of one alert, so a receiver can drop a repeat. */
  delivery: 'X-Modelwatch-Delivery',
} as const;

/**
 * The signature of a delivery: `sha256=` and the hex HMAC-SHA256, keyed with the
 * shared secret, of the timestamp, a `.`, and the raw body bytes. The timestamp is
 * signed with the body so a captured request cannot be replayed later with a new
 * timestamp: a receiver rejects timestamps outside its tolerance (a few minutes), and
 * the delivery id lets it drop a repeat inside that tolerance. Each retry is signed
 * afresh with its own timestamp, so a late retry is not refused as stale.
 */
export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex')}`;
}

/**
 * What a receiver does with a delivery (shipped for users' receivers and the tests):
 * true when the signature matches, compared in constant time, and the timestamp is
 * within `toleranceSeconds` of `nowSeconds`.
 */
export function verifyWebhookSignature(
  secret: string, timestampHeader: string, body: string, signatureHeader: string, nowSeconds: number, toleranceSeconds = 300,
): boolean {
  if (!/^\d{1,15}$/.test(timestampHeader)) return false;
  const timestamp = Number(timestampHeader);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signatureHeader);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
