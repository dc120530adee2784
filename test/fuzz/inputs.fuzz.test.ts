import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { runCampaign } from './campaign.js';
import { configTarget } from './config-target.js';
import { feedbackTarget } from './feedback-target.js';
import { fuzzPipeline } from './otlp-targets.js';
import { reportTarget, tableTarget } from './table-target.js';
import { versionStateTarget } from './version-state-target.js';

/*
 * In-process fuzz of the other inputs a user or client controls: POST /v1/feedback's
 * handler (into a real registry), the configuration loader, and the report's CSV,
 * TSV and JSON Lines readers, a version state posted to be imported. Each either works or fails with the project's coded
 * error naming where; never another exception.
 */
const SEED = 7_000_005;
const pipeline = fuzzPipeline();
const stateTarget = fuzzPipeline();
after(() => Promise.all([pipeline.shutdown(), stateTarget.shutdown()]));

describe('other inputs under fuzzing', () => {
  it('POST /v1/feedback: 200 or 400 with its counts, never a throw', async () => {
    const result = await runCampaign(feedbackTarget(pipeline), SEED, 3_000);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 3_000);
  });

  it('POST /v1/models/{name}/{version}/state: imported, or refused with a ModelwatchError', async () => {
    const result = await runCampaign(versionStateTarget(stateTarget), SEED, 2_000);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 2_000);
  });

  it('config loader: a configuration or a ConfigError naming the file, never another exception', async () => {
    const result = await runCampaign(configTarget(), SEED, 1_500);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 1_500);
  });

  it('CSV, TSV and JSONL readers: a table or one error naming file, row and column', async () => {
    const result = await runCampaign(tableTarget(), SEED, 3_000);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 3_000);
  });

  it('modelwatch report on mutated files: a report that renders, or a ModelwatchError', async () => {
    const result = await runCampaign(reportTarget(), SEED, 1_500);
    assert.deepEqual(result.failures, []);
    assert.equal(result.cases, 1_500);
  });
});
