import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/index.js';

/**
 * The root otel-collector-config.yaml, checked as a file (there is no collector
 * binary here): its structure, its wiring, and that modelwatch's output cannot loop
 * back into modelwatch.
 */
const path = fileURLToPath(new URL('../../../otel-collector-config.yaml', import.meta.url));
const text = readFileSync(path, 'utf8');

type Section = Record<string, Record<string, unknown> | null>;
interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}
interface CollectorConfig {
  extensions: Section;
  receivers: Section;
  processors: Section;
  exporters: Section;
  service: { extensions: string[]; pipelines: Record<string, Pipeline> };
}

const config = parse(text, { uniqueKeys: true }) as CollectorConfig;
const { pipelines } = config.service;

/** `otlp_http/modelwatch` → `otlp_http`. */
const typeOf = (id: string) => id.split('/')[0];
const setting = (section: Section, id: string) => (section[id] ?? {}) as Record<string, any>;
/** Port of a `host:port` or URL endpoint. */
const portOf = (endpoint: string) => Number(/:(\d+)(?:\/.*)?$/.exec(endpoint)?.[1]);
const hostOf = (endpoint: string) => endpoint.replace(/^\w+:\/\//, '').split(':')[0];

/** The modelwatch service as the collector reaches it, and the collector receiver modelwatch pushes to. */
const MODELWATCH_HOST = 'modelwatch';
const OUTPUT_RECEIVER = 'otlp/modelwatch';

test('every component a pipeline names is defined, and every defined one is used', () => {
  const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>() };
  for (const [id, pipeline] of Object.entries(pipelines)) {
    assert.match(id, /^(traces|metrics|logs)(\/[\w-]+)?$/, `pipeline ${id}`);
    assert.ok(pipeline.receivers.length > 0 && pipeline.exporters.length > 0, `pipeline ${id} has receivers and exporters`);
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const component of pipeline[kind] ?? []) {
        assert.ok(Object.hasOwn(config[kind], component), `pipeline ${id}: ${kind} ${component} is not defined`);
        used[kind].add(component);
      }
    }
  }
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    assert.deepEqual([...used[kind]].sort(), Object.keys(config[kind]).sort(), `every ${kind.slice(0, -1)} is used`);
  }
  assert.deepEqual([...config.service.extensions].sort(), Object.keys(config.extensions).sort(), 'every extension is enabled');
});

test('the exporters use the current component names, and the file names the older aliases', () => {
  const types = Object.keys(config.exporters).map(typeOf);
  assert.ok(types.includes('otlp_http') && types.includes('otlp_grpc'));
  assert.ok(!types.includes('otlphttp') && !types.includes('otlp'), 'no deprecated exporter names');
  assert.match(text, /`otlphttp`/);
  assert.match(text, /`otlp` \(the gRPC exporter\)/);
});

test('traces and logs go to modelwatch over OTLP/HTTP with gzip, retries and a persistent queue', () => {
  const toModelwatch = Object.keys(config.exporters).filter((id) => hostOf(String(setting(config.exporters, id).endpoint ?? '')) === MODELWATCH_HOST);
  assert.deepEqual(toModelwatch, ['otlp_http/modelwatch']);
  const exporter = setting(config.exporters, 'otlp_http/modelwatch');
  assert.equal(exporter.endpoint, `http://${MODELWATCH_HOST}:${loadConfig().receiver.port}`, 'modelwatch\'s default OTLP/HTTP port');
  assert.equal(exporter.compression, 'gzip');
  assert.equal(exporter.retry_on_failure.enabled, true);
  assert.equal(exporter.sending_queue.enabled, true);
  const storage = exporter.sending_queue.storage as string;
  assert.equal(typeOf(storage), 'file_storage');
  assert.ok(config.service.extensions.includes(storage), 'the queue\'s storage extension is enabled');
  for (const signal of ['traces', 'logs']) {
    assert.ok(pipelines[signal].receivers.includes('otlp') && pipelines[signal].exporters.includes('otlp_http/modelwatch'), signal);
  }
});

test('traces also go to Jaeger over OTLP gRPC', () => {
  assert.ok(pipelines.traces.exporters.includes('otlp_grpc/jaeger'));
  assert.equal(setting(config.exporters, 'otlp_grpc/jaeger').endpoint, 'jaeger:4317');
});

test('modelwatch\'s output arrives on a receiver of its own and never flows back into modelwatch', () => {
  const appPorts = Object.values(setting(config.receivers, 'otlp').protocols as Record<string, { endpoint: string }>).map((p) => portOf(p.endpoint));
  const output = setting(config.receivers, OUTPUT_RECEIVER).protocols as Record<string, { endpoint: string }>;
  assert.deepEqual(Object.keys(output), ['http'], 'modelwatch pushes OTLP/HTTP');
  assert.ok(!appPorts.includes(portOf(output.http.endpoint)), 'a port apart from the apps\' receiver');

  const fedByOutput = Object.entries(pipelines).filter(([, p]) => p.receivers.includes(OUTPUT_RECEIVER));
  assert.deepEqual(fedByOutput.map(([id]) => id).sort(), ['logs/modelwatch', 'metrics/modelwatch']);
  for (const [id, pipeline] of fedByOutput) {
    assert.deepEqual(pipeline.receivers, [OUTPUT_RECEIVER], `${id} mixes nothing else in`);
    for (const exporter of pipeline.exporters) {
      const endpoint = String(setting(config.exporters, exporter).endpoint ?? '');
      assert.notEqual(hostOf(endpoint), MODELWATCH_HOST, `${id} must not export to modelwatch (${exporter})`);
    }
  }
  // Nor may the apps' pipelines take modelwatch's receiver.
  for (const [id, pipeline] of Object.entries(pipelines)) {
    if (pipeline.exporters.includes('otlp_http/modelwatch')) assert.ok(!pipeline.receivers.includes(OUTPUT_RECEIVER), id);
  }
});

test('modelwatch\'s metrics go on to Prometheus', () => {
  assert.ok(pipelines['metrics/modelwatch'].exporters.includes('prometheus'));
  assert.equal(typeof setting(config.exporters, 'prometheus').endpoint, 'string');
  assert.match(text, /modelwatch serve --host 0\.0\.0\.0 --export-endpoint http:\/\/otel-collector:4319/);
  assert.equal(portOf((setting(config.receivers, OUTPUT_RECEIVER).protocols as { http: { endpoint: string } }).http.endpoint), 4319);
});
