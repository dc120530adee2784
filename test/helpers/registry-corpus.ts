import type { ModelRegistry } from '../../src/model/model-registry.js';
import { StatusCode } from '../../src/otlp/types.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { span, traces } from '../extract/otlp-builders.js';

/*
 * A corpus of trace requests that exercises what extraction hands the registry, and
 * the registry's state to compare two registries fed by two paths (row-groups.test.ts,
 * threaded-span-extraction.test.ts).
 */

/** A request of runs that change shape, versions of one model alternating, a batch span, failures and rejections; spans end just before `now`. */
export function mixedRequest(round: number, now: number) {
  const churn = (i: number, extra: Record<string, string | number | boolean | null> = {}) => span({
    'ml.model.name': 'churn', 'ml.model.version': i % 5 === 4 ? 'v2' : 'v1', 'ml.feature.age': 30 + i + round,
    'ml.feature.plan': i % 3 === 0 ? 'pro' : 'free', 'ml.prediction': i % 2 === 0 ? 'stay' : 'churn', 'ml.prediction.score': (i % 10) / 10,
    'ml.inference.id': `r${round}-${i}`, ...extra,
  }, { endTimeUnixMs: now - 1_000 + i });
  return encodeTraces(traces(
    ...Array.from({ length: 12 }, (_, i) => churn(i)),
    churn(12, { 'ml.label': 'stay' }),
    churn(13, { 'ml.label': 'churn' }),
    churn(14, { 'ml.feature.plan': null }),
    span({ 'ml.model.name': 'churn', 'ml.model.version': 'v1', 'ml.batch.size': 2, 'ml.feature.age': [1, 2], 'ml.feature.plan': ['a', 'b'] }),
    ...Array.from({ length: 6 }, (_, i) => churn(15 + i, { 'ml.prediction.proba.stay': 0.25, 'ml.prediction.proba.churn': 0.75 })),
    span({ 'ml.model.name': 'churn', 'ml.model.version': 'v1', 'ml.feature.age': { nested: 1 } }),
    ...Array.from({ length: 4 }, (_, i) => span({ 'ml.model.name': 'price', 'ml.feature.rooms': i, 'error.type': 'timeout' }, { status: { code: StatusCode.ERROR, message: '' } })),
    ...Array.from({ length: 9 }, (_, i) => span({ 'ml.model.name': `new-${round}-${i % 3}`, 'ml.feature.x': i })),
    ...Array.from({ length: 8 }, (_, i) => churn(21 + i)),
  ));
}

/** What the registry holds, for comparing two registries. */
export function registryState(registry: ModelRegistry) {
  return {
    snapshot: registry.snapshot(),
    windows: registry.openWindows(),
    join: registry.joinStats(),
    samples: [...registry.samples()].map(({ key, sample }) => ({ key, seen: sample.seen, records: sample.records() })),
  };
}
