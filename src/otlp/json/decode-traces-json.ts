import { UNSET_STATUS } from '../absent-values.js';
import { DecodedSpan } from '../decoded-span.js';
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
  // Read in the order of the fields, so a request with two bad fields names the same one as before.
  const traceId = jsonHexId(span.traceId, 16, 'traceId');
  const spanId = jsonHexId(span.spanId, 8, 'spanId');
  const parentSpanId = jsonHexId(span.parentSpanId, 8, 'parentSpanId');
  const name = jsonString(span.name, 'name');
  const kind = jsonInteger(span.kind, 'kind');
  const startTimeUnixMs = jsonUnixMillis(span.startTimeUnixNano, 'startTimeUnixNano');
  const endTimeUnixMs = jsonUnixMillis(span.endTimeUnixNano, 'endTimeUnixNano');
  const attributes = jsonAttributes(span.attributes, 'attributes');
  return new DecodedSpan(traceId, spanId, parentSpanId, name, kind, startTimeUnixMs, endTimeUnixMs, attributes, status === undefined
    ? UNSET_STATUS
    : { code: jsonInteger(status.code, 'status.code'), message: jsonString(status.message, 'status.message') });
}
