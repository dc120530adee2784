import { ModelwatchError } from '../../src/errors.js';
import type { InferenceBatch } from '../../src/extract/inference-batch.js';
import { parseVersionState } from '../../src/model/version-state.js';
import type { MonitoringPipeline } from '../../src/serve/monitoring-pipeline.js';
import type { FuzzTarget } from './campaign.js';
import { mutateJson } from './json-mutator.js';
import { fuzzPipelineWithReference } from './otlp-targets.js';

const KEY = { model: 'moved', version: '3' };

/**
 * What `POST /v1/models/{name}/{version}/state` does with a body, in process: parse it,
 * then import it into a real registry, every other case as a new version and into the
 * version made from an unmutated state (a merge, or a conflict when the mutation hit
 * the reference).
 * Every body is taken or refused with a ModelwatchError; nothing else is thrown, and
 * the registry goes on exporting the version.
 */
export function versionStateTarget(target: MonitoringPipeline): FuzzTarget<Uint8Array> {
  const seeds = versionStateSeeds();
  let cases = 0;
  return {
    name: 'version state',
    generate: (random) => mutateJson(random, random.pick(seeds)),
    describe: (body) => Buffer.from(body).toString('utf8'),
    async check(body) {
      target.registry.deleteVersion(KEY);
      if (cases % 2 === 1) target.registry.importVersion(parseVersionState(new TextDecoder().decode(seeds[1]), KEY.model, KEY.version));
      try {
        target.registry.importVersion(parseVersionState(Buffer.from(body).toString('utf8'), KEY.model, KEY.version));
      } catch (error) {
        if (!(error instanceof ModelwatchError)) return `threw ${(error as Error)?.stack}`;
      }
      try {
        if (target.registry.has(KEY.model, KEY.version)) JSON.stringify(target.registry.exportVersion(KEY)!.state);
        // Now and then the imported windows are judged, so what was merged meets the evaluators.
        if (++cases % 200 === 0) {
          target.registry.closeWindows(Date.now() + cases);
          await target.registry.settled();
        }
      } catch (error) {
        return `the registry failed after the import: ${(error as Error)?.stack}`;
      }
      return undefined;
    },
  };
}

/** States of a version with numeric, few-valued and categorical features, predictions and labels: collecting, and monitoring. */
function versionStateSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  for (const rows of [10, 45]) {
    const source = fuzzPipelineWithReference(20);
    source.registry.acceptFeedback({ ...KEY, inferenceId: 'x', label: 'yes', timeUnixMs: 0 });
    source.registry.acceptInferences(rowsOf(rows));
    source.registry.acceptFeedback({ ...KEY, inferenceId: 'id-3', label: 'no', timeUnixMs: 0 });
    seeds.push(new TextEncoder().encode(JSON.stringify(source.registry.exportVersion(KEY)!.state)));
    void source.shutdown();
  }
  return seeds;
}

function rowsOf(rows: number): InferenceBatch {
  const index = Array.from({ length: rows }, (_, i) => i);
  return {
    ...KEY, task: 'classification', rows, timeUnixMs: 0, traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8),
    inferenceIds: index.map((i) => `id-${i}`),
    features: new Map<string, (number | string | null)[]>([
      ['amount', index.map((i) => (i % 9 === 0 ? null : i * 1.5))],
      ['flag', index.map((i) => i % 2)],
      ['plan', index.map((i) => ['a', 'b', 'c'][i % 3])],
    ]),
    predictions: index.map((i) => (i % 4 === 0 ? 'yes' : 'no')),
    scores: index.map((i) => (i % 10) / 10),
  };
}
