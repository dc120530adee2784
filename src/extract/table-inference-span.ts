import type { SpanTable } from '../otlp/span-table.js';
import { Role, type AttributeRoles } from './attribute-roles.js';
import { InferenceAttributes } from './inference-attributes.js';
import type { InferenceBatch } from './inference-batch.js';
import { inferenceBatchOf } from './inference-span.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './span-limits.js';

/**
 * Span `index` of a SpanTable read as extractInferenceSpan reads the decoded span
 * (same batch, same rejection), straight from the table's columns: no attribute Map,
 * no span object. Returns undefined when the span must be read from its Map instead
 * (`table.span(index)`): when it has no `ml.model.name` (an LLM span or any other),
 * or when a key with a role is repeated, whose Map keeps the last value at the first
 * place; handling that here would be a second copy of the Map's rules for a case no
 * SDK produces.
 *
 * @param roles the extractor's AttributeRoles: its KeyRoles mark the keys seen in
 *   this span, so a repeated key costs no hashing to find.
 * @param limits what one span may carry (see SpanLimits)
 */
export function extractTableInferenceSpan(
  table: SpanTable, index: number, now: () => number, roles: AttributeRoles, limits: SpanLimits = DEFAULT_SPAN_LIMITS,
): InferenceBatch | string | undefined {
  const keys = table.keys;
  const start = table.attributeStart(index);
  const end = table.attributeEnds[index];
  const generation = roles.generation;
  const span = roles.nextSpan();
  const read = new InferenceAttributes(limits, roles.lastFeatureNames);
  read.attributeCount = end - start;
  for (let a = start; a < end; a++) {
    const key = keys[a];
    const known = roles.at(a - start, key);
    if (known.role === Role.OTHER) continue;
    if (known.seenInSpan === span) return undefined;
    known.seenInSpan = span;
    read.take(known.role, known.name, key, table.value(a));
  }
  // A span past the features limit is rejected; its names are not kept for the next one.
  if (read.featureNames.length <= limits.featuresPerSpan) roles.lastFeatureNames = read.featureNames;
  // Roles that started over during the walk may have given one key two KeyRoles: the marks prove nothing then.
  if (!read.hasModel || roles.generation !== generation) return undefined;
  return inferenceBatchOf(
    read, table.spanIds(index), table.startTimesUnixMs[index], table.endTimesUnixMs[index],
    table.statusCodes[index], now,
  );
}
