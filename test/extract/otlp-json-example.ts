import type {
  AnyValue, Attributes, InstrumentationScope, LogsData, Span, TracesData,
} from '../../src/otlp/types.js';

/*
 * A deliberately tiny OTLP/JSON → decoded-model converter, only for reading the
 * official examples in extraction tests while the real decoder (src/otlp/json) is
 * written elsewhere. It trusts its input; the real decoder is what validates.
 */

// The examples are trusted test data; typing every OTLP/JSON message here would dwarf the converter.
type Json = any;

function value(v: Json): AnyValue {
  if (v === undefined || v === null) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('bytesValue' in v) return Uint8Array.from(Buffer.from(v.bytesValue, 'base64'));
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(value);
  if ('kvlistValue' in v) return attrs(v.kvlistValue.values);
  return null;
}

function attrs(list: Json[] | undefined): Attributes {
  return new Map((list ?? []).map((kv: Json) => [kv.key, value(kv.value)]));
}

function ms(nanos: Json): number {
  return nanos === undefined ? 0 : Number(BigInt(nanos) / 1000n) / 1000;
}

function scope(s: Json): InstrumentationScope {
  return { name: s?.name ?? '', version: s?.version ?? '', attributes: attrs(s?.attributes) };
}

/** ExportTraceServiceRequest in OTLP/JSON → TracesData. */
export function tracesFromJson(json: Json): TracesData {
  return {
    resourceSpans: (json.resourceSpans ?? []).map((rs: Json) => ({
      resource: { attributes: attrs(rs.resource?.attributes) },
      scopeSpans: (rs.scopeSpans ?? []).map((ss: Json) => ({
        scope: scope(ss.scope),
        spans: (ss.spans ?? []).map((s: Json): Span => ({
          traceId: (s.traceId ?? '').toLowerCase(),
          spanId: (s.spanId ?? '').toLowerCase(),
          parentSpanId: (s.parentSpanId ?? '').toLowerCase(),
          name: s.name ?? '',
          kind: s.kind ?? 0,
          startTimeUnixMs: ms(s.startTimeUnixNano),
          endTimeUnixMs: ms(s.endTimeUnixNano),
          attributes: attrs(s.attributes),
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
        })),
      })),
    })),
  };
}

/** ExportLogsServiceRequest in OTLP/JSON → LogsData. */
export function logsFromJson(json: Json): LogsData {
  return {
    resourceLogs: (json.resourceLogs ?? []).map((rl: Json) => ({
      resource: { attributes: attrs(rl.resource?.attributes) },
      scopeLogs: (rl.scopeLogs ?? []).map((sl: Json) => ({
        scope: scope(sl.scope),
        logRecords: (sl.logRecords ?? []).map((r: Json) => ({
          timeUnixMs: ms(r.timeUnixNano),
          observedTimeUnixMs: ms(r.observedTimeUnixNano),
          severityNumber: r.severityNumber ?? 0,
          severityText: r.severityText ?? '',
          body: value(r.body),
          attributes: attrs(r.attributes),
          traceId: (r.traceId ?? '').toLowerCase(),
          spanId: (r.spanId ?? '').toLowerCase(),
          eventName: r.eventName ?? '',
        })),
      })),
    })),
  };
}
