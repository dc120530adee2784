/**
 * A hand-built OTLP/JSON ExportTraceServiceRequest body, for tests that talk to the
 * receiver with plain HTTP: one span per attribute set, ids counted up.
 */
type Scalar = string | number | boolean;
export type SpanAttributes = Record<string, Scalar | Scalar[]>;

let nextSpan = 1;

export function encodeTracesJsonRequest(spans: readonly SpanAttributes[], endTimeUnixMs = Date.now()): string {
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test' } }] },
      scopeSpans: [{
        scope: { name: 'test' },
        spans: spans.map((attributes) => ({
          traceId: '0af7651916cd43dd8448eb211c80319c',
          spanId: (nextSpan++).toString(16).padStart(16, '0'),
          name: 'predict',
          kind: 1,
          startTimeUnixNano: String(BigInt(Math.round(endTimeUnixMs - 1)) * 1_000_000n),
          endTimeUnixNano: String(BigInt(Math.round(endTimeUnixMs)) * 1_000_000n),
          attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
        })),
      }],
    }],
  });
}

function anyValue(value: Scalar | Scalar[]): unknown {
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}
