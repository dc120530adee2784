import type { PlainValue } from '../extract/otlp-builders.js';
import { span, traces } from '../extract/otlp-builders.js';
import { StatusCode } from '../../src/otlp/types.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { seededRandom } from './seeded-random.js';

/**
 * Seeded protobuf trace requests of every kind of span extraction meets: runs of one
 * model's keys (read by position), values that break a run (-0, NaN, booleans, null,
 * arrays, strings past the length limit, another version, keys of no role), labels, scores and class
 * probabilities, multi-row batch spans, LLM spans, spans without times, failed calls,
 * and spans that are no inference at all. `distinct` texts make each request's
 * categorical values new (to fill a dictionary of texts).
 */
export function variedRequests(count: number, seed: number, options: { distinct?: boolean } = {}): Uint8Array[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const odd: PlainValue[] = [1, -0, 2.5, Number.NaN, 'a', 'b', '', null, true, false, [3], 'x'.repeat(4_100)];
  return Array.from({ length: count }, (_, request) => {
    const spans = Array.from({ length: 10 + Math.floor(random() * 60) }, (_, i) => {
      const roll = random();
      if (roll < 0.04) {
        return span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': pick(['gpt-4o-mini', 'llama']), 'gen_ai.usage.input_tokens': i, 'gen_ai.usage.output_tokens': 2 * i });
      }
      if (roll < 0.07) return span({ 'ml.model.name': 'batch', 'ml.batch.size': 2, 'ml.feature.age': [i, i + 1], 'ml.feature.plan': ['a', 'b'], 'ml.prediction': [0, 1] });
      if (roll < 0.09) return span({ 'http.method': 'GET', 'http.route': '/predict' });
      const model = pick(['a', 'b', 'c']);
      const attributes: Record<string, PlainValue> = {
        'service.tier': 'gold', 'ml.model.name': model, 'ml.model.version': 'v1', 'ml.model.task': 'classification',
        'ml.feature.age': 30 + i, 'ml.feature.plan': options.distinct === true ? `plan-${request}-${i}` : pick(['pro', 'free']),
        'ml.feature.trial': i % 3 === 0, 'ml.prediction': pick(['stay', 'churn']), 'ml.prediction.score': random(),
      };
      if (model === 'b') Object.assign(attributes, { 'ml.prediction.proba.stay': 0.75, 'ml.prediction.proba.churn': 0.25, 'ml.label': pick(['stay', null]) });
      if (model === 'c') attributes['ml.inference.id'] = `id-${seed}-${request}-${i}`;
      if (random() < 0.2) attributes[pick(['ml.feature.age', 'ml.feature.plan', 'ml.prediction', 'ml.label'])] = pick(odd);
      if (random() < 0.05) attributes['ml.model.version'] = pick(['v2', '', null]);
      if (random() < 0.05) delete attributes['ml.feature.trial'];
      // Keys of no role: the same row as the run's, but not the head's keys (read whole, gathered as SpanRowsBatch).
      if (random() < 0.15) attributes['request.attempt'] = i;
      const timeless = random() < 0.03 ? { startTimeUnixMs: 0, endTimeUnixMs: 0 } : { endTimeUnixMs: 1_717_171_700_000 + i };
      return span(attributes, { ...timeless, ...(random() < 0.05 ? { status: { code: StatusCode.ERROR, message: 'boom' } } : {}) });
    });
    return encodeTraces(traces(...spans));
  });
}
