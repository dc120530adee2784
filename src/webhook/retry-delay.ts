/** How long to wait between attempts. */
export interface BackoffPolicy {
  /** Wait before the second attempt, before jitter. */
  readonly initialBackoffMs: number;
  /** Longest wait between two attempts, a Retry-After included. */
  readonly maxBackoffMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): exponential, initial × 2^(attempt-1)
 * capped at the maximum, with "equal jitter": half of it fixed and half drawn
 * uniformly. Full jitter would sometimes retry at once against a receiver that just
 * failed; half a fixed wait keeps the backoff, the random half keeps several
 * modelwatch instances from retrying in step. `random` gives uniforms in [0, 1].
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
  return exponential / 2 + (exponential / 2) * random();
}

/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3: seconds, or an HTTP
 * date), in milliseconds, or undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, nowUnixMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowUnixMs);
}

/**
 * The wait before the next attempt: at least what the receiver asked for in
 * Retry-After, else the backoff; never more than `maxBackoffMs`, so a receiver asking
 * for an hour cannot hold the queue that long (the attempts stay bounded, and an alert
 * that still fails is given up and counted).
 */
export function nextDelayMs(attempt: number, retryAfter: number | undefined, policy: BackoffPolicy, random: () => number): number {
  const backoff = backoffDelayMs(attempt, policy, random);
  return Math.min(policy.maxBackoffMs, retryAfter === undefined ? backoff : Math.max(retryAfter, backoff));
}
