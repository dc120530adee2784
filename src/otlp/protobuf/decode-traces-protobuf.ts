import { UNSET_STATUS } from '../absent-values.js';
import { DecodedSpan } from '../decoded-span.js';
import type { Attributes, Span, TracesData } from '../types.js';
import { readKeyValue } from './protobuf-common.js';
import { ProtobufReader } from './protobuf-reader.js';
import { readExportRequest } from './read-export-request.js';

/*
 * Field numbers (otlp-subset.proto):
 *   ExportTraceServiceRequest { resource_spans 1 }
 *   ResourceSpans { resource 1, scope_spans 2 }   ScopeSpans { scope 1, spans 2 }
 *   Span { trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6,
 *          start_time_unix_nano 7 (fixed64), end_time_unix_nano 8 (fixed64),
 *          attributes 9, status 15 }
 *   Status { message 2, code 3 }
 */

/** Decodes the body of a protobuf POST /v1/traces (ExportTraceServiceRequest); throws OtlpDecodeError. */
export function decodeTracesProtobuf(bytes: Uint8Array): TracesData {
  const groups = readExportRequest(bytes, { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' }, readSpan);
  return {
    resourceSpans: groups.map(({ resource, scopes }) => ({
      resource,
      scopeSpans: scopes.map(({ scope, items }) => ({ scope, spans: items })),
    })),
  };
}

/** One Span message (its length prefix included). */
export function readSpan(r: ProtobufReader): Span {
  const end = r.end();
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startTimeUnixMs = 0;
  let endTimeUnixMs = 0;
  const attributes: Attributes = new Map();
  let status = UNSET_STATUS;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: traceId = r.hexId(16, 'traceId'); break;
      case 18: spanId = r.hexId(8, 'spanId'); break;
      case 34: parentSpanId = r.hexId(8, 'parentSpanId'); break;
      case 42: name = r.string(); break;
      case 48: kind = r.int32(); break;
      case 57: startTimeUnixMs = r.unixMillis(); break;
      case 65: endTimeUnixMs = r.unixMillis(); break;
      case 74: readKeyValue(r, attributes, 0); break;
      case 122: status = readStatus(r); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return new DecodedSpan(traceId, spanId, parentSpanId, name, kind, startTimeUnixMs, endTimeUnixMs, attributes, status);
}

function readStatus(r: ProtobufReader): { code: number; message: string } {
  const end = r.end();
  let code = 0;
  let message = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 18: message = r.string(); break;
      case 24: code = r.int32(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { code, message };
}
