import assert from 'node:assert/strict';
import { ProtobufReader } from '../../src/otlp/protobuf/protobuf-reader.js';
import type { RawResponse } from './http-client.js';

/**
 * The google.rpc.Status of an error answer, read from protobuf or JSON as its
 * Content-Type says (protobuf read field by field: code 1, message 2).
 */
export function statusOf(response: RawResponse): { code: number; message: string } {
  const type = response.headers['content-type'];
  if (type === 'application/json') return JSON.parse(response.body.toString('utf8')) as { code: number; message: string };
  assert.equal(type, 'application/x-protobuf', 'an error body is protobuf or JSON');
  const r = new ProtobufReader(response.body);
  let code = 0;
  let message = '';
  while (r.pos < response.body.length) {
    const tag = r.uint32();
    if (tag === 8) code = r.int32();
    else if (tag === 18) message = r.string();
    else r.skip(tag);
  }
  return { code, message };
}
