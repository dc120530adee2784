export { alertPayload } from './alert-payload.js';
export { AlertWebhook, type AlertWebhookOptions, type AlertWebhookStats } from './alert-webhook.js';
export { backoffDelayMs, nextDelayMs, retryAfterMs, type BackoffPolicy } from './retry-delay.js';
export { alertWebhookOptions } from './webhook-config-options.js';
export { WebhookSignalSink } from './webhook-signal-sink.js';
export { verifyWebhookSignature, WEBHOOK_HEADERS, webhookSignature } from './webhook-signature.js';
