/**
 * A longer fuzz campaign than CI runs (test/fuzz/*.fuzz.test.ts), over every target:
 * the OTLP decoders and extraction in process (traces protobuf with the table/tree
 * comparison, traces protobuf on an extraction thread against extraction in place, traces JSON, logs and metrics in both encodings), POST /v1/feedback's
 * handler, the config loader, the report's table readers and the report on mutated
 * files, and the HTTP target against a whole running processor. Cases are split over
 * the targets in proportion to the CI mix.
 *
 * Run: node --expose-gc dist/bench/fuzz.js [--cases N] [--seconds S] [--seed K]
 *   --cases N    cases in all (default 200000)
 *   --seconds S  stop each target at its share of S seconds, whichever comes first
 *   --seed K     the first case's seed (default: the time); failures print their case
 *                index: FuzzRandom(seed + index) regenerates the input
 *
 * Prints JSON: cases, failures (the first 20 per target, each with its input) and
 * slowest case per target, max RSS and the heap after a GC before and after the HTTP
 * target. Exits 1 when anything failed.
 */
import { parseArgs } from 'node:util';
import { runCampaign, type CampaignResult, type FuzzTarget } from '../test/fuzz/campaign.js';
import { configTarget } from '../test/fuzz/config-target.js';
import { feedbackTarget } from '../test/fuzz/feedback-target.js';
import { httpTarget } from '../test/fuzz/http-cases.js';
import { heapAfterGc, startFuzzedProcessor } from '../test/fuzz/http-processor.js';
import { fuzzPipeline, otlpTarget, tracesProtobufTarget } from '../test/fuzz/otlp-targets.js';
import { reportTarget, tableTarget } from '../test/fuzz/table-target.js';
import { threadedTracesTarget, threadFuzzPipelines } from '../test/fuzz/threads-target.js';

const { values } = parseArgs({
  options: { cases: { type: 'string' }, seconds: { type: 'string' }, seed: { type: 'string' } },
});
const totalCases = Number(values.cases ?? 200_000);
const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
if (!(totalCases > 0) || !(seconds > 0) || !Number.isInteger(seed)) {
  console.error('usage: fuzz.js [--cases N] [--seconds S] [--seed K]');
  process.exit(2);
}

const pipeline = fuzzPipeline();
const threadPipelines = threadFuzzPipelines();
/** Each target's share of the cases (and of the seconds): the CI mix. */
const inProcess: [FuzzTarget<never>, number][] = [
  [tracesProtobufTarget(pipeline), 6_000], [threadedTracesTarget(threadPipelines), 2_000], [otlpTarget(pipeline, 'traces', 'json'), 4_000],
  [otlpTarget(pipeline, 'logs', 'protobuf'), 2_000], [otlpTarget(pipeline, 'logs', 'json'), 2_000],
  [otlpTarget(pipeline, 'metrics', 'protobuf'), 1_500], [otlpTarget(pipeline, 'metrics', 'json'), 1_500],
  [feedbackTarget(pipeline), 3_000], [configTarget(), 1_500], [tableTarget(), 3_000], [reportTarget(), 1_500],
] as [FuzzTarget<never>, number][];
const HTTP_WEIGHT = 3_300;
const totalWeight = inProcess.reduce((n, [, w]) => n + w, HTTP_WEIGHT);

let maxRss = 0;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 200);

const results: CampaignResult[] = [];
for (const [target, weight] of inProcess) {
  const share = weight / totalWeight;
  results.push(await runCampaign(target, seed, Math.ceil(totalCases * share), Date.now() + seconds * 1000 * share));
}

const server = await startFuzzedProcessor();
const http = httpTarget(() => server.baseUrl);
const httpShare = HTTP_WEIGHT / totalWeight;
const httpCases = Math.ceil((totalCases * httpShare) / 4);
const heapBeforeHttp = heapAfterGc();
const httpUntil = Date.now() + seconds * 1000 * httpShare;
const httpResults = await Promise.all([0, 1, 2, 3].map((k) => runCampaign(http, seed + k * 10_000_000, httpCases, httpUntil)));
const heapAfterHttp = heapAfterGc();
const stillServing = (await fetch(`${server.baseUrl}/v1/traces`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}',
})).status === 200;
const models = server.processor.pipeline.registry.list().length;
await server.close();
await pipeline.shutdown();
await threadPipelines.shutdown();
clearInterval(sampler);
maxRss = Math.max(maxRss, process.memoryUsage().rss);

results.push({
  target: 'http',
  cases: httpResults.reduce((n, r) => n + r.cases, 0),
  failures: httpResults.flatMap((r) => r.failures),
  slowestCaseMs: Math.max(...httpResults.map((r) => r.slowestCaseMs)),
});
const failures = results.reduce((n, r) => n + r.failures.length, 0) + (stillServing ? 0 : 1);
const MiB = 2 ** 20;
console.log(JSON.stringify({
  seed,
  cases: Object.fromEntries(results.map((r) => [r.target, r.cases])),
  totalCases: results.reduce((n, r) => n + r.cases, 0),
  failures,
  slowestCaseMs: Object.fromEntries(results.map((r) => [r.target, r.slowestCaseMs])),
  maxRssMiB: Math.round(maxRss / MiB),
  http: { heapBeforeMiB: +(heapBeforeHttp / MiB).toFixed(1), heapAfterMiB: +(heapAfterHttp / MiB).toFixed(1), stillServing, modelsCreated: models },
  failed: results.flatMap((r) => r.failures),
}, null, 2));
process.exitCode = failures > 0 ? 1 : 0;
