/**
 * The traces decode thread's body (see TracesDecodeThread): decodes each protobuf
 * /v1/traces body it is sent into a SpanTable and sends the table back, body
 * included (moved, not copied), or why the body does not decode.
 */
import { decodeTracesTable } from '../otlp/protobuf/decode-traces-table.js';
import { packSpanTable } from '../otlp/span-table-transfer.js';
import { answerRequests } from '../threads/answer-requests.js';
import { undecodableDetail, type DecodedOnThread } from './traces-decode-thread.js';

answerRequests<Uint8Array, DecodedOnThread>((body) => {
  let table;
  try {
    table = decodeTracesTable(body);
  } catch (error) {
    return { result: { undecodable: undecodableDetail(error) } };
  }
  const { message, transfer } = packSpanTable(table);
  return { result: { table: message }, transfer };
});
