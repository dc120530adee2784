import { OtlpDecodeError, within } from '../decode-error.js';
import { emptyResource, emptyScope, UNSET_STATUS } from '../absent-values.js';
import type { ResourceSpans, ScopeSpans, Span, TracesData } from '../types.js';
import { jsonAttributes, jsonResource, jsonScope, parseJsonBody } from './json-common.js';
import { jsonArray, jsonElement, jsonHexId, jsonInteger, jsonObject, jsonString, jsonUnixMillis } from './json-values.js';

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
  const body = parseJsonBody(text, 'resourceSpans');
  const list = jsonArray(body.resourceSpans, 'resourceSpans');
  const resourceSpans: ResourceSpans[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) resourceSpans[i] = within('resourceSpans', i, () => readResourceSpans(list[i]));
  return { resourceSpans };
}

function readResourceSpans(value: unknown): ResourceSpans {
  const item = jsonElement(value);
  const list = jsonArray(item.scopeSpans, 'scopeSpans');
  const scopeSpans: ScopeSpans[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) scopeSpans[i] = within('scopeSpans', i, () => readScopeSpans(list[i]));
  return { resource: jsonResource(item.resource) ?? emptyResource(), scopeSpans };
}

function readScopeSpans(value: unknown): ScopeSpans {
  const item = jsonElement(value);
  const list = jsonArray(item.spans, 'spans');
  const spans: Span[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      spans[i] = readSpan(list[i]);
    } catch (error) {
      if (error instanceof OtlpDecodeError) error.within(`spans[${i}]`);
      throw error;
    }
  }
  return { scope: jsonScope(item.scope) ?? emptyScope(), spans };
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
