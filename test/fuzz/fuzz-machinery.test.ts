import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTracesProtobuf } from '../../src/otlp/protobuf/decode-traces-protobuf.js';
import { minimizeBytes } from './campaign.js';
import { FuzzRandom } from './fuzz-random.js';
import { checkResponse } from './http-cases.js';
import { mutateJson } from './json-mutator.js';
import { otlpSeeds } from './otlp-seeds.js';
import { mutateProtobuf } from './protobuf-mutator.js';

/* The fuzz campaigns pass only if their checks can fail and their cases reproduce: checked here. */
describe('fuzz machinery', () => {
  const seeds = otlpSeeds();

  it('generates the same case from the same seed, and different cases from different seeds', () => {
    const body = seeds.protobuf.traces[1];
    const cases = [1, 1, 2].map((seed) => mutateProtobuf(new FuzzRandom(seed), body));
    assert.deepEqual(cases[0], cases[1]);
    const json = [3, 3].map((seed) => mutateJson(new FuzzRandom(seed), seeds.json.traces[0]));
    assert.deepEqual(json[0], json[1]);
    const distinct = new Set(Array.from({ length: 200 }, (_, i) => Buffer.from(mutateProtobuf(new FuzzRandom(i), body)).toString('base64')));
    assert.ok(distinct.size > 150, `${distinct.size} distinct of 200`);
  });

  it('the protobuf mutator reaches inside the message: many cases decode, many are refused deep in it', () => {
    let decoded = 0;
    let refusedInSpans = 0;
    for (let i = 0; i < 500; i++) {
      try {
        decodeTracesProtobuf(mutateProtobuf(new FuzzRandom(i), seeds.protobuf.traces[1]));
        decoded++;
      } catch (error) {
        if (/spans\[\d+\]/.test((error as Error).message)) refusedInSpans++;
      }
    }
    assert.ok(decoded > 100 && refusedInSpans > 50, `decoded ${decoded}, refused inside a span ${refusedInSpans}`);
  });

  it('an answer check fails on a 5xx, on a body that is not what its type says, and passes a good answer', async () => {
    const json = { 'content-type': 'application/json' };
    assert.match(await checkResponse(new Response('{}', { status: 500, headers: json })) ?? '', /answered 500/);
    assert.match(await checkResponse(new Response('{"partial', { status: 200, headers: json })) ?? '', /says JSON and is not/);
    assert.match(await checkResponse(new Response(Uint8Array.of(0x0a, 0x09), { status: 400, headers: { 'content-type': 'application/x-protobuf' } })) ?? '', /not well formed/);
    assert.match(await checkResponse(new Response('{"error":"x"}', { status: 400, headers: json })) ?? '', /neither an export response nor a status/);
    assert.equal(await checkResponse(new Response('{}', { status: 200, headers: json })), undefined);
    assert.equal(await checkResponse(new Response('{"code":3,"message":"bad"}', { status: 400, headers: json })), undefined);
    assert.equal(await checkResponse(new Response('{"accepted":0,"rejected":1,"errors":[]}', { status: 400, headers: json }), '/v1/feedback'), undefined);
    assert.equal(await checkResponse(new Response(Uint8Array.of(0x08, 0x03, 0x12, 0x01, 0x78), { status: 400, headers: { 'content-type': 'application/x-protobuf' } })), undefined);
  });

  it('minimizes a failing input to what makes it fail', async () => {
    const input = new TextEncoder().encode('aaaaaXbbbbbbbbYcccc');
    const fails = (bytes: Uint8Array) => bytes.includes(0x58) && bytes.includes(0x59);
    assert.equal(Buffer.from(await minimizeBytes(input, fails)).toString(), 'XY');
  });
});
