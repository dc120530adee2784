import { SPAN_ID_BYTES, SpanTable, TRACE_ID_BYTES } from '../span-table.js';
import type { AnyValue } from '../types.js';
import { readAnyValue } from './protobuf-common.js';
import { StringMemo, type ProtobufReader } from './protobuf-reader.js';
import { readExportRequest } from './read-export-request.js';

const LEVEL_NAMES = { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' } as const;

/**
 * The attribute key last read at each position of a span (positions past the last slot
 * are read as any string): shared by every request, fixed in size.
 */
const KEYS_BY_POSITION = new StringMemo(256);

/**
 * Decodes the body of a protobuf POST /v1/traces into a SpanTable: the same fields
 * as decodeTracesProtobuf (see its field numbers), read in the same order with the
 * same checks, so it refuses exactly the bodies that one refuses, with the same
 * messages; `table.toTracesData()` equals its tree. No object or Map is made per span.
 *
 * @throws OtlpDecodeError naming the path of what could not be read
 */
export function decodeTracesTable(bytes: Uint8Array): SpanTable {
  const table = new SpanTable(bytes, Math.ceil((1.05 * bytes.length) / bytesPerAttribute));
  table.groups = readExportRequest(bytes, LEVEL_NAMES, (r) => readSpanInto(r, table));
  table.finish();
  if (table.attributeCount > 0) bytesPerAttribute = Math.min(Math.max(bytes.length / table.attributeCount, MIN_BYTES_PER_ATTRIBUTE), MAX_BYTES_PER_ATTRIBUTE);
  return table;
}

/**
 * Body bytes per attribute in the last request decoded: the guess of how many
 * attributes the next one holds, for the table's room (requests of one sender look
 * alike). Bounded, so an odd request cannot make the next table huge or tiny.
 */
let bytesPerAttribute = 32;
const MIN_BYTES_PER_ATTRIBUTE = 8;
const MAX_BYTES_PER_ATTRIBUTE = 4096;

/** One Span message (its length prefix included) as the table's next row; returns its index. */
function readSpanInto(r: ProtobufReader, table: SpanTable): number {
  const end = r.end();
  let traceIdAt = -1;
  let spanIdAt = -1;
  let parentSpanIdAt = -1;
  let name = '';
  let kind = 0;
  let startTimeUnixMs = 0;
  let endTimeUnixMs = 0;
  let statusCode = 0;
  let statusMessage = '';
  const firstAttribute = table.attributeCount;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: traceIdAt = r.idAt(TRACE_ID_BYTES, 'traceId'); break;
      case 18: spanIdAt = r.idAt(SPAN_ID_BYTES, 'spanId'); break;
      case 34: parentSpanIdAt = r.idAt(SPAN_ID_BYTES, 'parentSpanId'); break;
      case 42: name = r.string(); break;
      case 48: kind = r.int32(); break;
      case 57: startTimeUnixMs = r.unixMillis(); break;
      case 65: endTimeUnixMs = r.unixMillis(); break;
      case 74: readKeyValueInto(r, table, table.attributeCount - firstAttribute); break;
      case 122: {
        // A status sent twice is read whole each time, the last one kept: as readStatus in the tree decoder.
        const statusEnd = r.end();
        statusCode = 0;
        statusMessage = '';
        while (r.pos < statusEnd) {
          const statusTag = r.uint32();
          switch (statusTag) {
            case 18: statusMessage = r.string(); break;
            case 24: statusCode = r.int32(); break;
            default: r.skip(statusTag);
          }
        }
        r.expectEnd(statusEnd);
        break;
      }
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  const index = table.attributeEnds.length;
  table.traceIdsAt.push(traceIdAt);
  table.spanIdsAt.push(spanIdAt);
  table.parentSpanIdsAt.push(parentSpanIdAt);
  table.names.push(name);
  table.kinds.push(kind);
  table.startTimesUnixMs.push(startTimeUnixMs);
  table.endTimesUnixMs.push(endTimeUnixMs);
  table.statusCodes.push(statusCode);
  table.statusMessages.push(statusMessage);
  table.attributeEnds.push(table.attributeCount);
  return index;
}

/**
 * One KeyValue message (its length prefix included) appended to the table: readKeyValue's
 * reads, without a Map. A value that is one double or int is read here, into the
 * table's number column; any other value, or any other layout of those bytes, as
 * readAnyValue reads it.
 */
function readKeyValueInto(r: ProtobufReader, table: SpanTable, position: number): void {
  const end = r.end();
  let key = '';
  let value: AnyValue = null;
  let number = 0;
  let isNumber = false;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: key = position < KEYS_BY_POSITION.slots ? r.memoString(KEYS_BY_POSITION, position) : r.string(); break;
      case 18: {
        const valueEnd = r.end();
        const valueStart = r.pos;
        const valueTag = valueStart < valueEnd ? r.uint32() : 0;
        // A double_value (tag 33) or int_value (tag 24) that is the AnyValue's only field: a numeric attribute.
        if (valueTag === 33 && valueEnd - valueStart === 9) {
          number = r.double();
          isNumber = true;
        } else if (valueTag === 24 && (number = r.int64(), r.pos === valueEnd)) {
          isNumber = true;
        } else {
          r.pos = valueStart;
          value = readAnyValue(r, valueEnd, 0);
          isNumber = false;
        }
        break;
      }
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  if (isNumber) table.addNumberAttribute(key, number);
  else table.addAttribute(key, value);
}
