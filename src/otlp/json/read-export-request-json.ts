import { OtlpDecodeError, within } from '../decode-error.js';
import { emptyResource, emptyScope } from '../absent-values.js';
import type { LevelNames, ResourceGroup, ScopeGroup } from '../export-request-shape.js';
import { jsonResource, jsonScope, parseJsonBody } from './json-common.js';
import { jsonArray, jsonElement } from './json-values.js';

/**
 * Decodes the shape the three OTLP/JSON export requests share:
 * `{ <resources>: [{ resource, <scopes>: [{ scope, <items>: [...] }] }] }`, with
 * `readItem` reading one span, log record or metric.
 *
 * @throws OtlpDecodeError naming the path of what could not be read
 */
export function readExportRequestJson<T>(text: string, names: LevelNames, readItem: (value: unknown) => T): ResourceGroup<T>[] {
  const body = parseJsonBody(text, names.resources);
  const list = jsonArray(body[names.resources], names.resources);
  const resources: ResourceGroup<T>[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) resources[i] = within(names.resources, i, () => readResourceGroup(list[i], names, readItem));
  return resources;
}

function readResourceGroup<T>(value: unknown, names: LevelNames, readItem: (value: unknown) => T): ResourceGroup<T> {
  const item = jsonElement(value);
  const list = jsonArray(item[names.scopes], names.scopes);
  const scopes: ScopeGroup<T>[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) scopes[i] = within(names.scopes, i, () => readScopeGroup(list[i], names, readItem));
  return { resource: jsonResource(item.resource) ?? emptyResource(), scopes };
}

function readScopeGroup<T>(value: unknown, names: LevelNames, readItem: (value: unknown) => T): ScopeGroup<T> {
  const group = jsonElement(value);
  const list = jsonArray(group[names.items], names.items);
  const items: T[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    // No closure per item, as `within` would need: items are the hot path.
    try {
      items[i] = readItem(list[i]);
    } catch (error) {
      if (error instanceof OtlpDecodeError) error.within(`${names.items}[${i}]`);
      throw error;
    }
  }
  return { scope: jsonScope(group.scope) ?? emptyScope(), items };
}
