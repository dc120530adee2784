import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, nextDelayMs, retryAfterMs } from '../../src/webhook/retry-delay.js';

const policy = { initialBackoffMs: 100, maxBackoffMs: 1_000 };

test('backoff doubles per attempt up to the cap, with half of it jittered', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0)), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 1)), [100, 200, 400, 800, 1000, 1000]);
});

test('Retry-After in seconds or as an HTTP date; unreadable is ignored', () => {
  const now = Date.UTC(2024, 5, 1, 12);
  assert.equal(retryAfterMs('7', now), 7_000);
  assert.equal(retryAfterMs(new Date(now + 30_000).toUTCString(), now), 30_000);
  assert.equal(retryAfterMs(new Date(now - 30_000).toUTCString(), now), 0);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});

test('the wait is at least Retry-After, at least the backoff, and at most the cap', () => {
  assert.equal(nextDelayMs(1, 700, policy, () => 0), 700);
  assert.equal(nextDelayMs(3, 10, policy, () => 0), 200);
  assert.equal(nextDelayMs(1, 3_600_000, policy, () => 0), 1_000);
});
