import { handleFeedback } from '../../src/feedback/feedback-route.js';
import type { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import type { FuzzTarget } from './campaign.js';
import { feedbackSeeds } from './feedback-seeds.js';
import { mutateJson } from './json-mutator.js';

/**
 * POST /v1/feedback's handler in process, feeding a real registry: every body gets a
 * 200 or a 400 whose JSON answer counts what was taken and refused; nothing throws.
 */
export function feedbackTarget(pipeline: MonitoringPipeline): FuzzTarget<Uint8Array> {
  const seeds = feedbackSeeds();
  return {
    name: 'feedback',
    generate: (random) => mutateJson(random, random.pick(seeds)),
    describe: (body) => Buffer.from(body).toString('utf8'),
    check(body) {
      const request = { method: 'POST', path: '/v1/feedback', query: '', mediaType: 'application/json', headers: {}, body: Buffer.from(body) };
      let answer;
      try {
        answer = handleFeedback(request, pipeline.registry, undefined, Date.now).response;
      } catch (error) {
        return `the handler threw: ${(error as Error)?.stack}`;
      }
      if (answer.status !== 200 && answer.status !== 400) return `answered ${answer.status}`;
      const parsed = JSON.parse(String(answer.body)) as { accepted: unknown; rejected: unknown; errors: unknown };
      if (!Number.isInteger(parsed.accepted) || !Number.isInteger(parsed.rejected) || !Array.isArray(parsed.errors)) return `an answer without its counts: ${answer.body}`;
      return undefined;
    },
  };
}
