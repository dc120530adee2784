import { OtlpDecodeError, within } from '../decode-error.js';
import { emptyResource, emptyScope } from '../absent-values.js';
import type { LevelNames, ResourceGroup, ScopeGroup } from '../export-request-shape.js';
import type { InstrumentationScope, Resource } from '../types.js';
import { readResource, readScope } from './protobuf-common.js';
import { ProtobufReader } from './protobuf-reader.js';

/**
 * Decodes the shape the three OTLP export requests share (field numbers from
 * opentelemetry-proto): Export*ServiceRequest { repeated Resource* = 1 },
 * Resource* { resource = 1; repeated Scope* = 2 }, Scope* { scope = 1; repeated item = 2 },
 * with `readItem` reading one span, log record or metric. Unknown fields are skipped.
 *
 * @throws OtlpDecodeError naming the path of what could not be read
 */
export function readExportRequest<T>(bytes: Uint8Array, names: LevelNames, readItem: (r: ProtobufReader) => T): ResourceGroup<T>[] {
  const r = new ProtobufReader(bytes);
  const resources: ResourceGroup<T>[] = [];
  while (r.pos < bytes.length) {
    const tag = r.uint32();
    if (tag === 10) resources.push(within(names.resources, resources.length, () => readResourceGroup(r, names, readItem)));
    else r.skip(tag);
  }
  return resources;
}

function readResourceGroup<T>(r: ProtobufReader, names: LevelNames, readItem: (r: ProtobufReader) => T): ResourceGroup<T> {
  const end = r.end();
  let resource: Resource | undefined;
  const scopes: ScopeGroup<T>[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: resource = within('resource', -1, () => readResource(r)); break;
      case 18: scopes.push(within(names.scopes, scopes.length, () => readScopeGroup(r, names, readItem))); break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { resource: resource ?? emptyResource(), scopes };
}

function readScopeGroup<T>(r: ProtobufReader, names: LevelNames, readItem: (r: ProtobufReader) => T): ScopeGroup<T> {
  const end = r.end();
  let scope: InstrumentationScope | undefined;
  const items: T[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 10: scope = within('scope', -1, () => readScope(r)); break;
      case 18:
        // No closure per item, as `within` would need: items are the hot path.
        try {
          items.push(readItem(r));
        } catch (error) {
          if (error instanceof OtlpDecodeError) error.within(`${names.items}[${items.length}]`);
          throw error;
        }
        break;
      default: r.skip(tag);
    }
  }
  r.expectEnd(end);
  return { scope: scope ?? emptyScope(), items };
}
