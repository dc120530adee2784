import type { AnyValue, Attributes, LogRecord, LogsData } from '../types.js';
import { readAnyValue, readKeyValue } from './protobuf-common.js';
import { ProtobufReader } from './protobuf-reader.js';
import { readExportRequest } from './read-export-request.js';

/*
 * Field numbers (otlp-subset.proto):
 *   ExportLogsServiceRequest { resource_logs 1 }
 *   ResourceLogs { resource 1, scope_logs 2 }   ScopeLogs { scope 1, log_records 2 }
 *   LogRecord { time_unix_nano 1 (fixed64), severity_number 2, severity_text 3, body 5,
 *               attributes 6, trace_id 9, span_id 10, observed_time_unix_nano 11 (fixed64),
 *               event_name 12 }
 */

/** Decodes the body of a protobuf POST /v1/logs (ExportLogsServiceRequest); throws OtlpDecodeError. */
export function decodeLogsProtobuf(bytes: Uint8Array): LogsData {
  const groups = readExportRequest(bytes, { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' }, readLogRecord);
  return {
    resourceLogs: groups.map(({ resource, scopes }) => ({
      resource,
      scopeLogs: scopes.map(({ scope, items }) => ({ scope, logRecords: items })),
    })),
  };
}

function readLogRecord(r: ProtobufReader): LogRecord {
  const end = r.end();
  let timeUnixMs = 0;
  let observedTimeUnixMs = 0;
  let severityNumber = 0;
  let severityText = '';
  let body: AnyValue = null;
  const attributes: Attributes = new Map();
  let traceId = '';
  let spanId = '';
  let eventName = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 9: timeUnixMs = r.unixMillis(); break;
      case 16: severityNumber = r.int32(); break;
      case 26: severityText = r.string(); break;
      case 42: body = readAnyValue(r, r.end(), 0); break;
      case 50: readKeyValue(r, attributes, 0); break;
      case 74: traceId = r.hexId(16, 'traceId'); break;
      case 82: spanId = r.hexId(8, 'spanId'); break;
      case 89: observedTimeUnixMs = r.unixMillis(); break;
      case 98: eventName = r.string(); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { timeUnixMs, observedTimeUnixMs, severityNumber, severityText, body, attributes, traceId, spanId, eventName };
}
