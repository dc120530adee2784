import { deflateSync, gzipSync } from 'node:zlib';
import type { FuzzTarget } from './campaign.js';
import { concat, FuzzRandom, mutateRawBytes } from './fuzz-random.js';
import { mutateJson } from './json-mutator.js';
import { otlpSeeds, type Signal } from './otlp-seeds.js';
import { mutateProtobuf } from './protobuf-mutator.js';
import { feedbackSeeds } from './feedback-seeds.js';

/** One request to the running processor. */
export interface HttpCase {
  readonly path: string;
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly body: Uint8Array;
}

/** The body size cap the HTTP fuzz runs the processor with: small, so bodies near and over it are cheap to make. */
export const FUZZ_MAX_BODY_BYTES = 256 * 1024;

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** A gzip body that inflates to `inflated` bytes of zeros: a few hundred bytes on the wire. */
function gzipBomb(inflated: number): Uint8Array {
  return gzipSync(Buffer.alloc(inflated), { level: 9 });
}

/** Pads a protobuf body with an unknown field (number 15, skipped by decoders) to reach `size` bytes. */
function paddedProtobuf(body: Uint8Array, size: number): Uint8Array {
  const room = Math.max(0, size - body.length - 6);
  const prefix: number[] = [15 << 3 | 2];
  for (let v = room; ; v >>>= 7) {
    if (v < 0x80) {
      prefix.push(v);
      break;
    }
    prefix.push((v & 0x7f) | 0x80);
  }
  return concat(body, Uint8Array.from(prefix), new Uint8Array(room));
}

/** Requests for every route the processor takes from clients: mutated bodies, odd encodings, bombs, bodies at the cap. */
export function httpCaseGenerator(): (random: FuzzRandom) => HttpCase {
  const seeds = otlpSeeds();
  const feedback = feedbackSeeds();
  return (random) => {
    if (random.chance(0.15)) {
      return { path: '/v1/feedback', contentType: JSON_TYPE, ...encoded(random, mutateJson(random, random.pick(feedback))) };
    }
    const signal: Signal = random.pick(['traces', 'traces', 'logs', 'metrics']);
    const protobuf = random.chance(0.5);
    const seed = random.pick(protobuf ? seeds.protobuf[signal] : seeds.json[signal]);
    let body = protobuf ? mutateProtobuf(random, seed) : mutateJson(random, seed);
    if (protobuf && random.chance(0.04)) body = paddedProtobuf(seed, FUZZ_MAX_BODY_BYTES + random.pick([-1, 0, 1, 1000]));
    const contentType = random.chance(0.03) ? random.pick(['text/plain', 'application/json; charset=latin1', PROTOBUF.toUpperCase(), '', 'application/grpc'])
      : protobuf ? PROTOBUF : JSON_TYPE;
    return { path: `/v1/${signal}`, contentType, ...encoded(random, body) };
  };
}

/** The body as sent: mostly plain, sometimes gzip or deflate, a bomb, or bytes that claim an encoding they are not. */
function encoded(random: FuzzRandom, body: Uint8Array): { body: Uint8Array; contentEncoding?: string } {
  switch (random.below(20)) {
    case 0: return { body: gzipSync(body), contentEncoding: 'gzip' };
    case 1: return { body: deflateSync(body), contentEncoding: 'deflate' };
    case 2: return { body: gzipBomb(FUZZ_MAX_BODY_BYTES * random.pick([1, 4, 64])), contentEncoding: 'gzip' };
    case 3: return { body: mutateRawBytes(random, gzipSync(body)), contentEncoding: 'gzip' };
    case 4: return { body, contentEncoding: random.pick(['gzip', 'deflate', 'br', 'zstd', 'gzip, gzip', 'identity']) };
    default: return { body };
  }
}

/**
 * A valid response: below 500, and a body that parses as what its Content-Type says;
 * in JSON, an OTLP answer is an Export*ServiceResponse (`{}` or `{"partialSuccess"}`)
 * when 200 and a google.rpc.Status (`code`, `message`) otherwise, and a feedback
 * answer counts what it took and refused.
 */
export async function checkResponse(response: Response, path = '/v1/traces'): Promise<string | undefined> {
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status >= 500) return `answered ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 500)}`;
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith(JSON_TYPE)) {
    const text = Buffer.from(body).toString('utf8');
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return `an answer that says JSON and is not: ${text.slice(0, 200)}`;
    }
    if (parsed === null || typeof parsed !== 'object') return `a JSON answer that is not an object: ${text}`;
    const feedbackCounts = path === '/v1/feedback' && Number.isInteger(parsed.accepted) && Number.isInteger(parsed.rejected);
    const rpcStatus = response.status !== 200 && Number.isInteger(parsed.code) && typeof parsed.message === 'string';
    const exportResponse = response.status === 200 && Object.keys(parsed).every((key) => key === 'partialSuccess');
    if (!feedbackCounts && !rpcStatus && !exportResponse) return `answered ${response.status} with neither an export response nor a status: ${text.slice(0, 300)}`;
  } else if (type.startsWith(PROTOBUF)) {
    if (!wellFormedProtobuf(body)) return `an answer that says protobuf and is not well formed: ${Buffer.from(body).toString('base64')}`;
  } else if (body.length > 0) {
    return `an answer of Content-Type '${type}' with a body`;
  }
  return undefined;
}

/** Fields read to the end without running off it (an Export*ServiceResponse or a google.rpc.Status). */
function wellFormedProtobuf(bytes: Uint8Array): boolean {
  let pos = 0;
  const varint = () => {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.length) return -1;
      const b = bytes[pos++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    return -1;
  };
  while (pos < bytes.length) {
    const tag = varint();
    if (tag <= 0) return false;
    const wire = tag & 7;
    if (wire === 0) {
      if (varint() < 0) return false;
    } else if (wire === 2) {
      const length = varint();
      if (length < 0 || pos + length > bytes.length) return false;
      pos += length;
    } else {
      return false;
    }
  }
  return true;
}

/** The HTTP fuzz target: each case posted to `baseUrl`, its answer checked. */
export function httpTarget(baseUrl: () => string): FuzzTarget<HttpCase> {
  const generate = httpCaseGenerator();
  return {
    name: 'http',
    generate,
    describe: (c) => JSON.stringify({ ...c, body: Buffer.from(c.body).toString('base64') }),
    async check(c) {
      const headers: Record<string, string> = { 'content-type': c.contentType };
      if (c.contentEncoding !== undefined) headers['content-encoding'] = c.contentEncoding;
      const response = await fetch(`${baseUrl()}${c.path}`, { method: 'POST', headers, body: c.body });
      return checkResponse(response, c.path);
    },
  };
}
