import type { LogRecord, LogsData } from '../types.js';
import { jsonAnyValue, jsonAttributes } from './json-common.js';
import { jsonElement, jsonHexId, jsonInteger, jsonString, jsonUnixMillis } from './json-values.js';
import { readExportRequestJson } from './read-export-request-json.js';

/*
 * ExportLogsServiceRequest in OTLP/JSON:
 *   { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: [LogRecord] }] }] }
 *   LogRecord { timeUnixNano, observedTimeUnixNano, severityNumber (integer), severityText,
 *               body (AnyValue), attributes, traceId, spanId (hex), eventName }
 */

/** Decodes the body of a JSON POST /v1/logs (ExportLogsServiceRequest); throws OtlpDecodeError. */
export function decodeLogsJson(text: string): LogsData {
  const groups = readExportRequestJson(text, { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' }, readLogRecord);
  return {
    resourceLogs: groups.map(({ resource, scopes }) => ({
      resource,
      scopeLogs: scopes.map(({ scope, items }) => ({ scope, logRecords: items })),
    })),
  };
}

function readLogRecord(value: unknown): LogRecord {
  const record = jsonElement(value);
  return {
    timeUnixMs: jsonUnixMillis(record.timeUnixNano, 'timeUnixNano'),
    observedTimeUnixMs: jsonUnixMillis(record.observedTimeUnixNano, 'observedTimeUnixNano'),
    severityNumber: jsonInteger(record.severityNumber, 'severityNumber'),
    severityText: jsonString(record.severityText, 'severityText'),
    body: jsonAnyValue(record.body, 'body', 0),
    attributes: jsonAttributes(record.attributes, 'attributes'),
    traceId: jsonHexId(record.traceId, 16, 'traceId'),
    spanId: jsonHexId(record.spanId, 8, 'spanId'),
    eventName: jsonString(record.eventName, 'eventName'),
  };
}
