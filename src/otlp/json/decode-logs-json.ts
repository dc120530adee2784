import { OtlpDecodeError, within } from '../decode-error.js';
import { emptyResource, emptyScope } from '../absent-values.js';
import type { LogRecord, LogsData, ResourceLogs, ScopeLogs } from '../types.js';
import { jsonAnyValue, jsonAttributes, jsonResource, jsonScope, parseJsonBody } from './json-common.js';
import { jsonArray, jsonElement, jsonHexId, jsonInteger, jsonObject, jsonString, jsonUnixMillis } from './json-values.js';

/*
 * ExportLogsServiceRequest in OTLP/JSON:
 *   { resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords: [LogRecord] }] }] }
 *   LogRecord { timeUnixNano, observedTimeUnixNano, severityNumber (integer), severityText,
 *               body (AnyValue), attributes, traceId, spanId (hex), eventName }
 */

/** Decodes the body of a JSON POST /v1/logs (ExportLogsServiceRequest); throws OtlpDecodeError. */
export function decodeLogsJson(text: string): LogsData {
  const body = parseJsonBody(text, 'resourceLogs');
  const list = jsonArray(body.resourceLogs, 'resourceLogs');
  const resourceLogs: ResourceLogs[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) resourceLogs[i] = within('resourceLogs', i, () => readResourceLogs(list[i]));
  return { resourceLogs };
}

function readResourceLogs(value: unknown): ResourceLogs {
  const item = jsonElement(value);
  const list = jsonArray(item.scopeLogs, 'scopeLogs');
  const scopeLogs: ScopeLogs[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) scopeLogs[i] = within('scopeLogs', i, () => readScopeLogs(list[i]));
  return { resource: jsonResource(item.resource) ?? emptyResource(), scopeLogs };
}

function readScopeLogs(value: unknown): ScopeLogs {
  const item = jsonElement(value);
  const list = jsonArray(item.logRecords, 'logRecords');
  const logRecords: LogRecord[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      logRecords[i] = readLogRecord(list[i]);
    } catch (error) {
      if (error instanceof OtlpDecodeError) error.within(`logRecords[${i}]`);
      throw error;
    }
  }
  return { scope: jsonScope(item.scope) ?? emptyScope(), logRecords };
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
