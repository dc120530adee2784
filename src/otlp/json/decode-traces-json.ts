import { UNSET_STATUS } from '../absent-values.js';
import type { Span, TracesData } from '../types.js';
import { jsonAttributes } from './json-common.js';
import { jsonElement, jsonHexId, jsonInteger, jsonObject, jsonString, jsonUnixMillis } from './json-values.js';
import { readExportRequestJson } from './read-export-request-json.js';

/*
 * ExportTraceServiceRequest in OTLP/JSON:
 *   { resourceSpans: [{ resource, scopeSpans: [{ scope, spans: [Span] }] }] }
 *   Span { traceId, spanId, parentSpanId (hex), name, kind (integer),
 *          startTimeUnixNano, endTimeUnixNano (int64 as string or number),
 *          attributes, status { code, message } }
 * Unknown keys are ignored (OTLP/JSON requires it).
 */

/** Decodes the body of a JSON POST /v1/traces (ExportTraceServiceRequest); throws OtlpDecodeError. */
export function decodeTracesJson(text: string): TracesData {
  const groups = readExportRequestJson(text, { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' }, readSpan);
  return {
    resourceSpans: groups.map(({ resource, scopes }) => ({
      resource,
      scopeSpans: scopes.map(({ scope, items }) => ({ scope, spans: items })),
    })),
  };
}

function readSpan(value: unknown): Span {
  const span = jsonElement(value);
  const status = jsonObject(span.status, 'status');
  return {
    traceId: jsonHexId(span.traceId, 16, 'traceId'),
    spanId: jsonHexId(span.spanId, 8, 'spanId'),
    parentSpanId: jsonHexId(span.parentSpanId, 8, 'parentSpanId'),
    name: jsonString(span.name, 'name'),
    kind: jsonInteger(span.kind, 'kind'),
    startTimeUnixMs: jsonUnixMillis(span.startTimeUnixNano, 'startTimeUnixNano'),
    endTimeUnixMs: jsonUnixMillis(span.endTimeUnixNano, 'endTimeUnixNano'),
    attributes: jsonAttributes(span.attributes, 'attributes'),
    status: status === undefined
      ? UNSET_STATUS
      : { code: jsonInteger(status.code, 'status.code'), message: jsonString(status.message, 'status.message') },
  };
}
