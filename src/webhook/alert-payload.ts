import type { Alert } from '../export/window-alerts.js';
import { samplesPath } from '../samples/samples-route.js';

/**
 * The JSON body of a webhook delivery: the alert of CONVENTIONS.md §4 with snake_case
 * keys, and where its model version's sample of recent labelled records can be
 * downloaded, so a retraining pipeline can start from the delivery alone. Absent
 * fields are null, and so are non-finite values (JSON has none).
 */
export function alertPayload(alert: Alert, deliveryId: string): string {
  return JSON.stringify({
    type: 'ml.alert',
    delivery_id: deliveryId,
    alert: alertFields(alert),
    samples_path: samplesPath(alert),
  });
}

/** An alert as JSON fields (snake_case, nulls for absent or non-finite values): the webhook's, and the live dashboard's list. */
export function alertFields(alert: Alert) {
  return {
    kind: alert.kind,
    model: alert.model,
    version: alert.version,
    feature: alert.feature,
    method: alert.method ?? null,
    metric: alert.metric,
    value: finite(alert.value),
    threshold: finite(alert.threshold),
    threshold_source: alert.thresholdSource ?? null,
    window_start: new Date(alert.windowStartUnixMs).toISOString(),
    window_end: new Date(alert.windowEndUnixMs).toISOString(),
    trace_id: alert.exemplar?.traceId ?? null,
    span_id: alert.exemplar?.spanId ?? null,
    body: alert.body,
  };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
