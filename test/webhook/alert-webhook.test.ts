import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../src/export/window-alerts.js';
import { AlertWebhook, type AlertWebhookOptions } from '../../src/webhook/alert-webhook.js';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../src/webhook/webhook-signature.js';
import { freePort } from '../helpers/free-port.js';
import { WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'test-secret';

const ALERT: Alert = {
  kind: 'drift', model: 'fraud/eu', version: '3', feature: 'amount', method: 'ks', metric: 'ml.drift.p_value',
  value: 1e-9, threshold: 0.01, thresholdSource: 'calibrated',
  windowStartUnixMs: Date.UTC(2024, 5, 1, 12), windowEndUnixMs: Date.UTC(2024, 5, 1, 12, 1),
  exemplar: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }, body: 'Feature "amount" drifted.',
};

/** Short waits so a test with several retries stays well under a second. */
function webhook(url: string, options: Partial<AlertWebhookOptions> = {}): AlertWebhook {
  return new AlertWebhook({
    url, secret: SECRET, maxAttempts: 5, initialBackoffMs: 5, maxBackoffMs: 20, timeoutMs: 2_000, maxQueue: 10, ...options,
  });
}

test('retries through 503, 429 and 500, then delivers the signed alert once', async () => {
  const statuses = [503, 429, 500, 200];
  const receiver = await WebhookReceiver.start((i) => ({ status: statuses[i] ?? 200, headers: i === 1 ? { 'Retry-After': '0' } : undefined }));
  const hook = webhook(receiver.url);
  try {
    assert.equal(hook.send(ALERT), true);
    await hook.idle();
    assert.deepEqual(hook.stats(), { queued: 0, delivered: 1, failed: 0, dropped: 0, retries: 3 });
    assert.equal(receiver.requests.length, 4, 'no request after the one that was acknowledged');
    assert.equal(receiver.requests.filter((r) => r.status === 200).length, 1);
    const ids = new Set(receiver.requests.map((r) => r.headers[WEBHOOK_HEADERS.delivery.toLowerCase()]));
    assert.equal(ids.size, 1, 'every attempt carries the same delivery id');
    for (const { headers, body } of receiver.requests) {
      const timestamp = String(headers[WEBHOOK_HEADERS.timestamp.toLowerCase()]);
      const signature = String(headers[WEBHOOK_HEADERS.signature.toLowerCase()]);
      assert.match(signature, /^sha256=[0-9a-f]{64}$/);
      assert.ok(verifyWebhookSignature(SECRET, timestamp, body, signature, Date.now() / 1000), 'the signature verifies');
      assert.ok(!verifyWebhookSignature('other secret', timestamp, body, signature, Date.now() / 1000));
      assert.ok(!verifyWebhookSignature(SECRET, timestamp, body.replace('amount', 'amounT'), signature, Date.now() / 1000), 'a changed body fails');
      assert.ok(!verifyWebhookSignature(SECRET, String(Number(timestamp) + 1), body, signature, Date.now() / 1000), 'a changed timestamp fails');
      assert.ok(!verifyWebhookSignature(SECRET, timestamp, body, signature, Date.now() / 1000 + 3600), 'a replay an hour later fails');
    }
    const delivered = JSON.parse(receiver.requests[3].body) as { type: string; delivery_id: string; alert: Record<string, unknown>; samples_path: string };
    assert.equal(delivered.type, 'ml.alert');
    assert.equal(delivered.delivery_id, [...ids][0]);
    assert.deepEqual(delivered.alert, {
      kind: 'drift', model: 'fraud/eu', version: '3', feature: 'amount', method: 'ks', metric: 'ml.drift.p_value',
      value: 1e-9, threshold: 0.01, threshold_source: 'calibrated',
      window_start: '2024-06-01T12:00:00.000Z', window_end: '2024-06-01T12:01:00.000Z',
      trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), body: 'Feature "amount" drifted.',
    });
    assert.equal(delivered.samples_path, '/v1/models/fraud%2Feu/3/samples');
  } finally {
    await hook.shutdown();
    await receiver.close();
  }
});

test('a 4xx other than 408 and 429 is final: one attempt, counted as failed', async () => {
  const receiver = await WebhookReceiver.start(() => ({ status: 400 }));
  const hook = webhook(receiver.url);
  try {
    hook.send(ALERT);
    await hook.idle();
    assert.equal(receiver.requests.length, 1);
    assert.deepEqual(hook.stats(), { queued: 0, delivered: 0, failed: 1, dropped: 0, retries: 0 });
  } finally {
    await hook.shutdown();
    await receiver.close();
  }
});

test('a receiver that never succeeds gets exactly maxAttempts attempts; alerts are delivered in order after it', async () => {
  const receiver = await WebhookReceiver.start((i) => ({ status: i < 3 ? 502 : 204 }));
  const hook = webhook(receiver.url, { maxAttempts: 3 });
  try {
    hook.send(ALERT);
    hook.send({ ...ALERT, feature: 'country' });
    await hook.idle();
    assert.deepEqual(hook.stats(), { queued: 0, delivered: 1, failed: 1, dropped: 0, retries: 2 });
    const features = receiver.requests.map((r) => (JSON.parse(r.body) as { alert: { feature: string } }).alert.feature);
    assert.deepEqual(features, ['amount', 'amount', 'amount', 'country']);
  } finally {
    await hook.shutdown();
    await receiver.close();
  }
});

test('network errors are retried and bounded too', async () => {
  const hook = webhook(`http://127.0.0.1:${await freePort()}/nobody-listens`, { maxAttempts: 3 });
  hook.send(ALERT);
  await hook.idle();
  assert.deepEqual(hook.stats(), { queued: 0, delivered: 0, failed: 1, dropped: 0, retries: 2 });
  await hook.shutdown();
});

test('beyond maxQueue alerts are dropped and counted; after shutdown every alert is', async () => {
  const receiver = await WebhookReceiver.start(() => ({ status: 200 }));
  const hook = webhook(receiver.url, { maxQueue: 2 });
  try {
    const accepted = [1, 2, 3, 4, 5].map((i) => hook.send({ ...ALERT, feature: `f${i}` }));
    assert.deepEqual(accepted, [true, true, false, false, false]);
    await hook.idle();
    assert.deepEqual(hook.stats(), { queued: 0, delivered: 2, failed: 0, dropped: 3, retries: 0 });
    await hook.shutdown();
    assert.equal(hook.send(ALERT), false);
    assert.equal(hook.stats().dropped, 4);
    await hook.shutdown();
  } finally {
    await receiver.close();
  }
});

test('shutdown cuts a long backoff short and abandons the rest, counted', async () => {
  const receiver = await WebhookReceiver.start(() => ({ status: 503, headers: { 'Retry-After': '3600' } }));
  const hook = webhook(receiver.url, { maxBackoffMs: 60_000, initialBackoffMs: 60_000 });
  try {
    hook.send(ALERT);
    hook.send(ALERT);
    while (receiver.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await hook.shutdown(10);
    assert.deepEqual(hook.stats(), { queued: 0, delivered: 0, failed: 1, dropped: 1, retries: 0 });
    assert.equal(receiver.requests.length, 1, 'no attempt is made once shutting down');
  } finally {
    await receiver.close();
  }
});
