import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowAlerts } from '../../src/export/window-alerts.js';
import { AlertWebhook } from '../../src/webhook/alert-webhook.js';
import { WebhookSignalSink } from '../../src/webhook/webhook-signal-sink.js';
import { evaluatedWindow, skippedWindow } from '../export/window-fixtures.js';
import { WebhookReceiver } from './webhook-receiver.js';

const thresholds = { missing_ratio: 0.1, type_mismatch_ratio: 0.01, out_of_range_ratio: 0.1, new_category_ratio: 0.1 };

test('each published window\'s alerts become one delivery each, the same alerts the exporter logs', async () => {
  const receiver = await WebhookReceiver.start(() => ({ status: 202 }));
  const webhook = new AlertWebhook({
    url: receiver.url, secret: 's', maxAttempts: 2, initialBackoffMs: 5, maxBackoffMs: 10, timeoutMs: 2_000, maxQueue: 10,
  });
  try {
    const sink = new WebhookSignalSink(webhook, thresholds);
    sink.publish(evaluatedWindow());
    sink.publish(skippedWindow('fraud', '3', 12));
    await webhook.idle();
    const expected = windowAlerts(evaluatedWindow(), thresholds).map((a) => [a.kind, a.feature, a.metric]);
    assert.equal(expected.length, 3);
    const got = receiver.requests.map((r) => {
      const { alert } = JSON.parse(r.body) as { alert: { kind: string; feature: string; metric: string } };
      return [alert.kind, alert.feature, alert.metric];
    });
    assert.deepEqual(got, expected);
    assert.equal(webhook.stats().delivered, 3);
  } finally {
    await webhook.shutdown();
    await receiver.close();
  }
});
