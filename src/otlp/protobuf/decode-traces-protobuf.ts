import { OtlpDecodeError, within } from '../decode-error.js';
import { emptyResource, emptyScope, UNSET_STATUS } from '../absent-values.js';
import type { Attributes, InstrumentationScope, Resource, ResourceSpans, ScopeSpans, Span, TracesData } from '../types.js';
import { readKeyValue, readResource, readScope } from './protobuf-common.js';
import { ProtobufReader } from './protobuf-reader.js';

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
  const r = new ProtobufReader(bytes);
  const resourceSpans: ResourceSpans[] = [];
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag === 10) resourceSpans.push(within('resourceSpans', resourceSpans.length, () => readResourceSpans(r)));
    else r.skip(tag);
  }
  return { resourceSpans };
}

function readResourceSpans(r: ProtobufReader): ResourceSpans {
  const end = r.end();
  let resource: Resource | undefined;
  const scopeSpans: ScopeSpans[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: resource = within('resource', -1, () => readResource(r)); break;
      case 18: scopeSpans.push(within('scopeSpans', scopeSpans.length, () => readScopeSpans(r))); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { resource: resource ?? emptyResource(), scopeSpans };
}

function readScopeSpans(r: ProtobufReader): ScopeSpans {
  const end = r.end();
  let scope: InstrumentationScope | undefined;
  const spans: Span[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: scope = within('scope', -1, () => readScope(r)); break;
      case 18:
        try {
          spans.push(readSpan(r));
        } catch (error) {
          if (error instanceof OtlpDecodeError) error.within(`spans[${spans.length}]`);
          throw error;
        }
        break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { scope: scope ?? emptyScope(), spans };
}

function readSpan(r: ProtobufReader): Span {
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
  return { traceId, spanId, parentSpanId, name, kind, startTimeUnixMs, endTimeUnixMs, attributes, status };
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
