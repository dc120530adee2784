import { ROOT_CONTEXT, TraceFlags, isSpanContextValid, trace, type Context } from '@opentelemetry/api';
import { SeverityNumber, type LogRecord } from '@opentelemetry/api-logs';
import type { Alert } from './window-alerts.js';
import { ALERT_EVENT_NAME, SIGNAL_ATTRIBUTES as A } from './signal-names.js';

/**
 * An alert as the OTLP log record of §4: event `ml.alert`, severity WARN, the
 * sentence as body, timestamped at the window's end. `ml.window.start` and
 * `ml.window.end` are RFC 3339 UTC strings with milliseconds
 * (`2024-06-01T12:00:00.000Z`), which log backends show and sort as they are.
 *
 * The record's trace and span ids come from the alert's exemplar: the SDK reads them
 * from the context a record is emitted with, so the exemplar is wrapped in a
 * non-recording span context. Without an exemplar the root context is used, so an
 * unrelated span active in the caller never ends up linked to the alert.
 */
export function alertLogRecord(alert: Alert): LogRecord {
  const attributes: Record<string, string | number> = {
    [A.alertKind]: alert.kind,
    [A.modelName]: alert.model,
    [A.modelVersion]: alert.version,
    [A.featureName]: alert.feature,
    [A.alertValue]: alert.value,
    [A.alertThreshold]: alert.threshold,
    [A.windowStart]: new Date(alert.windowStartUnixMs).toISOString(),
    [A.windowEnd]: new Date(alert.windowEndUnixMs).toISOString(),
    [A.alertMetric]: alert.metric,
  };
  if (alert.method !== undefined) attributes[A.driftMethod] = alert.method;
  if (alert.thresholdSource !== undefined) attributes[A.alertThresholdSource] = alert.thresholdSource;
  return {
    eventName: ALERT_EVENT_NAME,
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: alert.body,
    timestamp: alert.windowEndUnixMs,
    attributes,
    context: exemplarContext(alert),
  };
}

function exemplarContext(alert: Alert): Context {
  if (alert.exemplar === undefined) return ROOT_CONTEXT;
  const spanContext = {
    traceId: alert.exemplar.traceId.toLowerCase(),
    spanId: alert.exemplar.spanId.toLowerCase(),
    // The record was exported to modelwatch, so its span was sampled.
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(spanContext)) : ROOT_CONTEXT;
}
