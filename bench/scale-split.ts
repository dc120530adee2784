/**
 * How the scale-out benchmark's loopback router (bench/scale-router.ts) splits one
 * OTLP/HTTP protobuf ExportTraceServiceRequest by `ml.model.name`, the way the
 * Collector's load_balancing exporter does with `routing_key: attributes`
 * (examples/scale-out/collector.yaml), so that every span of a model reaches one replica.
 *
 * Each span is decoded by modelwatch's own decoder (`readSpan`, src/otlp/protobuf) to
 * read its model name, and forwarded as the very bytes it came in; the envelope
 * around it (resource, scope, schema URLs) is walked with modelwatch's ProtobufReader
 * and copied verbatim too. `readExportRequest` would decode the resource and scope
 * into values, which would then need an attribute encoder to go out again: keeping
 * their bytes makes the split lossless (events, links, flags and fields modelwatch
 * does not read go through as they came) and cheaper.
 */
import { readSpan } from '../src/otlp/protobuf/decode-traces-protobuf.js';
import { ProtobufReader, WireType } from '../src/otlp/protobuf/protobuf-reader.js';
import { ProtobufWriter } from '../src/otlp/protobuf/protobuf-writer.js';

const MODEL_NAME = 'ml.model.name';

/** Field tags (field number << 3 | LEN) of the envelope: request.resource_spans = 1, resource_spans.scope_spans = 2, scope_spans.spans = 2. */
const RESOURCE_SPANS_TAG = (1 << 3) | WireType.LEN;
const SCOPE_SPANS_TAG = (2 << 3) | WireType.LEN;
const SPAN_TAG = (2 << 3) | WireType.LEN;

/**
 * The replica that owns a model: FNV-1a (32 bit) of the name's UTF-8 bytes, mod the
 * replica count. Stable across processes and runs, which is all routing needs. (The
 * Collector hashes onto a ring instead, so that fewer models move when replicas come
 * or go; how evenly either spreads a dozen names is luck, and the benchmark prints it.)
 */
export function replicaOf(model: string, replicas: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(model, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % replicas;
}

/** One request cut into one body per replica. */
export interface SplitRequest {
  /** Body for replica i, or undefined when none of the request's spans is its. */
  readonly parts: readonly (Uint8Array | undefined)[];
  /** Spans in each part. */
  readonly spans: readonly number[];
  /** Spans by model name ('' for a span without one). */
  readonly spansByModel: ReadonlyMap<string, number>;
}

interface RoutedSpan {
  readonly part: number;
  /** The Span message with its length prefix, as it came. */
  readonly bytes: Uint8Array;
}

interface Group {
  /** The message's fields other than its children, verbatim with their tags (resource or scope, schema_url). */
  readonly own: Uint8Array[];
}
interface ScopeGroup extends Group { readonly spans: RoutedSpan[] }
interface ResourceGroup extends Group { readonly scopes: ScopeGroup[] }

/**
 * Splits `body` into one request per replica. A span without `ml.model.name` goes
 * where the name '' hashes (modelwatch ignores it wherever it lands).
 * @throws OtlpDecodeError when the body is not an ExportTraceServiceRequest
 */
export function splitByModel(body: Uint8Array, replicas: number, owner: (model: string) => number = (m) => replicaOf(m, replicas)): SplitRequest {
  const r = new ProtobufReader(body);
  const ownerOf = new Map<string, number>();
  const spansByModel = new Map<string, number>();
  const route = (model: string): number => {
    spansByModel.set(model, (spansByModel.get(model) ?? 0) + 1);
    let part = ownerOf.get(model);
    if (part === undefined) ownerOf.set(model, (part = owner(model)));
    return part;
  };
  const resources: ResourceGroup[] = [];
  while (r.pos < body.length) {
    const tag = r.uint32();
    // The request has no other field; an unknown one is dropped, as a decoder skips it.
    if (tag === RESOURCE_SPANS_TAG) resources.push(readResourceSpans(r, body, route));
    else r.skip(tag);
  }
  const spans = new Array<number>(replicas).fill(0);
  for (const resource of resources) for (const scope of resource.scopes) for (const span of scope.spans) spans[span.part]++;
  const parts = spans.map((count, part) => (count === 0 ? undefined : encodePart(resources, part)));
  return { parts, spans, spansByModel };
}

function readResourceSpans(r: ProtobufReader, body: Uint8Array, route: (model: string) => number): ResourceGroup {
  const end = r.end();
  const group: ResourceGroup = { own: [], scopes: [] };
  while (r.pos < end) {
    const start = r.pos;
    const tag = r.uint32();
    if (tag === SCOPE_SPANS_TAG) group.scopes.push(readScopeSpans(r, body, route));
    else {
      r.skip(tag);
      group.own.push(body.subarray(start, r.pos));
    }
  }
  r.expectEnd(end);
  return group;
}

function readScopeSpans(r: ProtobufReader, body: Uint8Array, route: (model: string) => number): ScopeGroup {
  const end = r.end();
  const group: ScopeGroup = { own: [], spans: [] };
  while (r.pos < end) {
    const start = r.pos;
    const tag = r.uint32();
    if (tag === SPAN_TAG) {
      const spanStart = r.pos;
      const name = readSpan(r).attributes.get(MODEL_NAME);
      group.spans.push({ part: route(name === undefined || name === null ? '' : String(name)), bytes: body.subarray(spanStart, r.pos) });
    } else {
      r.skip(tag);
      group.own.push(body.subarray(start, r.pos));
    }
  }
  r.expectEnd(end);
  return group;
}

/** The request holding `part`'s spans, each under its own resource and scope; lengths computed first so bytes are appended once. */
function encodePart(resources: readonly ResourceGroup[], part: number): Uint8Array {
  const w = new ProtobufWriter();
  for (const resource of resources) {
    const scopes = resource.scopes
      .map((scope) => ({ scope, spans: scope.spans.filter((span) => span.part === part) }))
      .filter(({ spans }) => spans.length > 0);
    if (scopes.length === 0) continue;
    const scopeLengths = scopes.map(({ scope, spans }) => ownLength(scope) + spans.reduce((sum, span) => sum + 1 + span.bytes.length, 0));
    const resourceLength = ownLength(resource) + scopeLengths.reduce((sum, length) => sum + 1 + varintLength(length) + length, 0);
    w.tag(1, WireType.LEN).varint(resourceLength);
    for (const field of resource.own) w.raw(field);
    scopes.forEach(({ scope, spans }, i) => {
      w.tag(2, WireType.LEN).varint(scopeLengths[i]);
      for (const field of scope.own) w.raw(field);
      // The span's bytes carry their own length prefix.
      for (const span of spans) w.tag(2, WireType.LEN).raw(span.bytes);
    });
  }
  return w.finish();
}

function ownLength(group: Group): number {
  return group.own.reduce((sum, field) => sum + field.length, 0);
}

function varintLength(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes++;
  }
  return bytes;
}
