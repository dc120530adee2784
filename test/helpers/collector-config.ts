import assert from 'node:assert/strict';

/**
 * Structural checks of an OpenTelemetry Collector configuration, shared by the test of
 * the root otel-collector-config.yaml and the test of examples/stack, which layers a
 * second file over it. There is no collector binary here: these read the YAML.
 */
export type Section = Record<string, Record<string, unknown> | null>;

export interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}

export interface CollectorConfig {
  extensions: Section;
  receivers: Section;
  processors: Section;
  exporters: Section;
  service: { extensions: string[]; pipelines: Record<string, Pipeline> };
}

/** `otlp_http/modelwatch` → `otlp_http`. */
export const typeOf = (id: string) => id.split('/')[0];
export const setting = (section: Section, id: string) => (section[id] ?? {}) as Record<string, any>;
/** Port of a `host:port` or URL endpoint. */
export const portOf = (endpoint: string) => Number(/:(\d+)(?:\/.*)?$/.exec(endpoint)?.[1]);
export const hostOf = (endpoint: string) => endpoint.replace(/^\w+:\/\//, '').split(':')[0];

/**
 * Several --config files as the Collector merges them, in order: maps merge key by key,
 * and any other value of a later file (a list included) replaces the earlier one.
 */
export function mergeCollectorConfigs(...configs: unknown[]): CollectorConfig {
  return configs.reduce((merged, next) => mergeMaps(merged, next), {}) as CollectorConfig;
}

function mergeMaps(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = key in base ? mergeMaps(base[key], value) : value;
  return result;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every pipeline is `traces|metrics|logs[/name]`, has receivers and exporters, and
 * names only defined components; with `everyComponentUsed`, every defined receiver,
 * processor and exporter is in some pipeline and every extension is enabled.
 */
export function assertPipelinesWired(config: CollectorConfig, { everyComponentUsed }: { everyComponentUsed: boolean }): void {
  const used = { receivers: new Set<string>(), processors: new Set<string>(), exporters: new Set<string>() };
  for (const [id, pipeline] of Object.entries(config.service.pipelines)) {
    assert.match(id, /^(traces|metrics|logs)(\/[\w-]+)?$/, `pipeline ${id}`);
    assert.ok(pipeline.receivers.length > 0 && pipeline.exporters.length > 0, `pipeline ${id} has receivers and exporters`);
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      for (const component of pipeline[kind] ?? []) {
        assert.ok(Object.hasOwn(config[kind], component), `pipeline ${id}: ${kind} ${component} is not defined`);
        used[kind].add(component);
      }
    }
  }
  for (const extension of config.service.extensions) {
    assert.ok(Object.hasOwn(config.extensions, extension), `extension ${extension} is enabled but not defined`);
  }
  if (!everyComponentUsed) return;
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    assert.deepEqual([...used[kind]].sort(), Object.keys(config[kind]).sort(), `every ${kind.slice(0, -1)} is used`);
  }
  assert.deepEqual([...config.service.extensions].sort(), Object.keys(config.extensions).sort(), 'every extension is enabled');
}

/**
 * modelwatch's output arrives on `outputReceiver` (OTLP/HTTP, on a port apart from the
 * apps' `otlp` receiver), feeds exactly `logs/modelwatch` and `metrics/modelwatch`, and
 * no pipeline it feeds exports to `modelwatchHost`; nor does a pipeline that exports to
 * modelwatch take that receiver. So modelwatch's metrics and alerts never loop back.
 */
export function assertOutputNeverLoops(config: CollectorConfig, modelwatchHost: string, outputReceiver: string): void {
  const { pipelines } = config.service;
  const appPorts = Object.values(setting(config.receivers, 'otlp').protocols as Record<string, { endpoint: string }>).map((p) => portOf(p.endpoint));
  const output = setting(config.receivers, outputReceiver).protocols as Record<string, { endpoint: string }>;
  assert.deepEqual(Object.keys(output), ['http'], 'modelwatch pushes OTLP/HTTP');
  assert.ok(!appPorts.includes(portOf(output.http.endpoint)), 'a port apart from the apps\' receiver');

  const exportsToModelwatch = (exporter: string) => hostOf(String(setting(config.exporters, exporter).endpoint ?? '')) === modelwatchHost;
  const fedByOutput = Object.entries(pipelines).filter(([, p]) => p.receivers.includes(outputReceiver));
  assert.deepEqual(fedByOutput.map(([id]) => id).sort(), ['logs/modelwatch', 'metrics/modelwatch']);
  for (const [id, pipeline] of fedByOutput) {
    assert.deepEqual(pipeline.receivers, [outputReceiver], `${id} mixes nothing else in`);
    for (const exporter of pipeline.exporters) assert.ok(!exportsToModelwatch(exporter), `${id} must not export to modelwatch (${exporter})`);
  }
  for (const [id, pipeline] of Object.entries(pipelines)) {
    if (pipeline.exporters.some(exportsToModelwatch)) assert.ok(!pipeline.receivers.includes(outputReceiver), id);
  }
}
