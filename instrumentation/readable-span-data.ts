import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AnyValue, Attributes, Span, TracesData } from '../src/otlp/types.js';

/**
 * An SDK span as the processor's extractors read spans (src/otlp/types.ts), the shape
 * an OTLP decoder would have given it after a trip through an exporter: the API's
 * span kinds are OTLP's minus one, status codes are the same, times become
 * milliseconds, attribute values are kept as they are (arrays of primitives).
 */
export function spanData(span: ReadableSpan): Span {
  const attributes: Attributes = new Map();
  for (const [key, value] of Object.entries(span.attributes)) {
    if (value !== undefined) attributes.set(key, value as AnyValue);
  }
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    name: span.name,
    kind: span.kind + 1,
    startTimeUnixMs: hrMillis(span.startTime),
    endTimeUnixMs: hrMillis(span.endTime),
    attributes,
    status: { code: span.status.code, message: span.status.message ?? '' },
  };
}

/** Spans of one resource and scope, as one OTLP request would carry them. */
export function tracesData(spans: Span[]): TracesData {
  return {
    resourceSpans: [{
      resource: { attributes: new Map() },
      scopeSpans: [{ scope: { name: 'modelwatch', version: '', attributes: new Map() }, spans }],
    }],
  };
}

function hrMillis([seconds, nanos]: [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
