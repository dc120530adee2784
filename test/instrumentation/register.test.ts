import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { OtlpSink } from '../helpers/otlp-sink.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const app = (file: string) => `test/fixtures/register/${file}`;

interface SentSpan {
  name: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

let sink: OtlpSink;
before(async () => {
  sink = await OtlpSink.start();
});
after(() => sink.close());

/** The spans the sink received since `from` requests, as OTLP/JSON. */
function spansSince(from: number): SentSpan[] {
  return sink.requests.slice(from).filter((r) => r.path === '/v1/traces').flatMap((r) => {
    const body = JSON.parse(r.body.toString('utf8')) as { resourceSpans: { scopeSpans: { spans: SentSpan[] }[] }[] };
    return body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  });
}

/**
 * Runs an app with node's preload flags until it has answered its one request, then
 * sends SIGTERM: the SDK must flush on the way out (the batch delay is a minute, so
 * nothing is exported before).
 */
async function runApp(nodeFlags: string[], file: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...nodeFlags, app(file)], {
    cwd: root,
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: 'register-test',
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
  const answered = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    if (stdout.includes('\n')) resolve();
  }));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    await Promise.race([answered, once(child, 'exit')]);
    child.kill('SIGTERM');
    const [code, signal] = await once(child, 'exit') as [number | null, string | null];
    return { stdout, stderr, code, signal };
  } finally {
    clearTimeout(timer);
  }
}

const attribute = (span: SentSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;

for (const [flag, file] of [['--import', 'app.mjs'], ['--require', 'app.cjs']] as const) {
  test(`${flag} modelwatch/register: an app's predictions become spans and metrics, flushed on SIGTERM`, async () => {
    const from = sink.requests.length;
    const run = await runApp([flag, 'modelwatch/register'], file);
    assert.match(run.stdout, /"body":"42"/, run.stderr);
    assert.equal(run.signal, 'SIGTERM', 'the signal still ends the process once the SDK has flushed');
    assert.doesNotMatch(run.stderr, /already been initialized|Error/);
    const [predict] = spansSince(from).filter((s) => s.name === 'predict doubler');
    assert.ok(predict, 'the predict span was exported');
    assert.deepEqual(attribute(predict, 'ml.feature.x'), { intValue: 21 });
    assert.deepEqual(attribute(predict, 'ml.prediction'), { intValue: 42 });
    const metrics = sink.requests.slice(from).filter((r) => r.path === '/v1/metrics').map((r) => r.body.toString('utf8')).join('');
    assert.match(metrics, /ml\.inference\.duration/);
  });
}

/** The OTLP/JSON metrics the sink received since `from` requests, with their resource's service.name and their scope. */
function metricsSince(from: number) {
  type Attribute = { key: string; value: { stringValue?: string } };
  type Body = { resourceMetrics: { resource: { attributes: Attribute[] }; scopeMetrics: { scope: { name: string }; metrics: Record<string, unknown>[] }[] }[] };
  return sink.requests.slice(from).filter((r) => r.path === '/v1/metrics').flatMap((r) => (JSON.parse(r.body.toString('utf8')) as Body).resourceMetrics)
    .flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.map((metric) => ({
      service: rm.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue, scope: sm.scope.name, metric,
    }))));
}

test('under register, the model metrics are aggregated in process and exported with the app\'s resource; profiles keep negative values', async () => {
  const from = sink.requests.length;
  const run = await runApp(['--import', 'modelwatch/register'], 'app-profiles.mjs');
  assert.match(run.stdout, /"body":"-42,1,6"/, run.stderr);
  const metrics = metricsSince(from);
  const named = (name: string) => metrics.find((m) => m.metric.name === name);
  for (const name of ['ml.inference.duration', 'ml.inference.records', 'ml.feature.value']) {
    assert.equal(named(name)?.service, 'register-test', `${name} under the app's resource`);
    assert.equal(named(name)?.scope, 'modelwatch', name);
  }
  const value = named('ml.feature.value')!.metric as { exponentialHistogram: { dataPoints: { attributes: unknown[]; count: string | number; negative?: { bucketCounts: (string | number)[] }; min: number; max: number }[] } };
  const x = value.exponentialHistogram.dataPoints.find((p) => JSON.stringify(p.attributes).includes('"x"'))!;
  assert.deepEqual([Number(x.count), x.min, x.max], [3, -21, 3]);
  assert.equal(x.negative!.bucketCounts.map(Number).reduce((a, b) => a + b, 0), 1, 'the negative value has its bucket');
});

test('beside auto-instrumentations-node, imported first: the HTTP server span is the predict span\'s parent', async () => {
  const from = sink.requests.length;
  const run = await runApp(['--import', '@opentelemetry/auto-instrumentations-node/register', '--import', 'modelwatch/register'], 'app.mjs', {
    OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http',
  });
  assert.match(run.stdout, /"body":"42"/, run.stderr);
  const spans = spansSince(from);
  const predict = spans.find((s) => s.name === 'predict doubler');
  assert.ok(predict, `spans: ${spans.map((s) => s.name).join(', ')}`);
  const parent = spans.find((s) => s.spanId === predict.parentSpanId);
  assert.ok(parent, 'the parent span was exported too');
  assert.deepEqual(attribute(parent, 'http.method') ?? attribute(parent, 'http.request.method'), { stringValue: 'GET' });
});

test('OTEL_SDK_DISABLED=true: nothing is started and nothing sent; the app works as before', async () => {
  const from = sink.requests.length;
  const run = await runApp(['--import', 'modelwatch/register'], 'app.mjs', { OTEL_SDK_DISABLED: 'true' });
  assert.match(run.stdout, /"body":"42"/);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(sink.requests.length, from);
});
