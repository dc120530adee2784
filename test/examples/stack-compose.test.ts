import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parse, stringify } from 'yaml';
import { serveCommand } from '../../src/cli/serve-command.js';
import { loadConfig, type ServeFlags } from '../../src/config/index.js';
import {
  assertOutputNeverLoops, assertPipelinesWired, mergeCollectorConfigs, portOf, setting, type CollectorConfig,
} from '../helpers/collector-config.js';
import {
  COMPOSE_FILE, DOCKER_COMPOSE, REPO, STACK, compose, flagValues, hostPathOf, hostPort, isFile, mountsOf, namedVolumeAt,
  readYaml, run, toolUnavailable, type ComposeService,
} from './stack-files.js';

/**
 * examples/stack/docker-compose.yaml without a Docker engine: its schema (Debian's
 * docker-compose), the files it mounts and builds from, the Collector configuration
 * it assembles, and the wiring between services: every address one service uses to
 * reach another names a service of the file and a port that service listens on.
 */
const file = compose();
const { services } = file;
const service = (name: string): ComposeService => {
  assert.ok(services[name], `service ${name}`);
  return services[name];
};

/** The Collector's configuration as the container loads it: each --config file, merged in order. */
const collector = service('otel-collector');
const collectorFiles = flagValues(collector.command ?? [], '--config').map((path) => hostPathOf(collector, path.replace(/^file:/, '')));
const collectorConfig: CollectorConfig = mergeCollectorConfigs(...collectorFiles.map((path) => readYaml(path!)));

/** `modelwatch serve`'s command line, read by the CLI's own option parser, and the configuration it makes. */
function serveFlags(command: string[]): ServeFlags {
  const serveAt = command.indexOf('serve');
  assert.deepEqual(command.slice(0, serveAt), ['node', 'dist/src/cli/main.js']);
  let flags: ServeFlags | undefined;
  const cli = serveCommand().exitOverride().action((options: ServeFlags) => { flags = options; });
  cli.parse(command.slice(serveAt + 1), { from: 'user' });
  assert.ok(flags);
  return flags;
}
const modelwatchFlags = serveFlags(service('modelwatch').command ?? []);
const modelwatchConfig = loadConfig(undefined, modelwatchFlags);

/** Images not built here listen where their own defaults say (no command or environment here moves them). */
const IMAGE_PORTS: Record<string, number[]> = {
  prometheus: [9090],
  grafana: [3000],
  // Jaeger v2 all-in-one: query API and UI, OTLP gRPC and HTTP.
  jaeger: [16686, 4317, 4318],
  // The example service (examples/inference-service), as the replayer and the port mapping expect.
  'inference-service': [8080],
};

/** The ports each service listens on in its container. */
function listeningPorts(): Record<string, number[]> {
  const endpoints = [
    ...Object.values(collectorConfig.receivers).flatMap((r) => Object.values((r?.protocols ?? {}) as Record<string, { endpoint: string }>)),
    ...Object.values(collectorConfig.extensions).filter((e): e is Record<string, unknown> => typeof e?.endpoint === 'string'),
    setting(collectorConfig.exporters, 'prometheus'),
  ].map((e) => portOf(String(e.endpoint)));
  const loki = readYaml(hostPathOf(service('loki'), flagValues(service('loki').command ?? [], '-config.file')[0])!);
  return {
    ...IMAGE_PORTS,
    'otel-collector': endpoints,
    modelwatch: [modelwatchConfig.receiver.port, modelwatchConfig.prometheus.port],
    loki: [loki.server.http_listen_port],
  };
}

test('the compose file parses, pins every image to a version, and declares what it refers to', () => {
  assert.equal(file.name, 'modelwatch');
  assert.deepEqual(Object.keys(services).sort(), [
    'grafana', 'inference-service', 'jaeger', 'loki', 'modelwatch', 'otel-collector', 'otelcol-storage-init', 'prometheus', 'traffic',
  ]);
  for (const [name, s] of Object.entries(services)) {
    assert.ok((s.image === undefined) !== (s.build === undefined), `${name}: an image or a build`);
    if (s.image !== undefined) assert.match(s.image, /^[\w./-]+:v?\d+(\.\d+)+$/, `${name}: ${s.image} is pinned to a version`);
    const dependsOn = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
    for (const other of dependsOn) assert.ok(services[other], `${name} depends on ${other}, not a service`);
    for (const mount of mountsOf(s).filter((m) => !m.bind)) assert.ok(Object.hasOwn(file.volumes ?? {}, mount.source), `${name}: volume ${mount.source} is declared`);
  }
});

test('docker-compose validates the file against its schema', { skip: toolUnavailable(DOCKER_COMPOSE, 'docker-compose') }, async () => {
  // Debian's docker-compose (1.29) predates the top-level `name`, checked above; it
  // validates everything else, resolving paths from examples/stack. No engine needed.
  const { name, ...rest } = file;
  assert.equal(typeof name, 'string');
  const dir = mkdtempSync(join(tmpdir(), 'modelwatch-compose-'));
  try {
    writeFileSync(join(dir, 'docker-compose.yaml'), stringify(rest));
    const { stdout } = await run(DOCKER_COMPOSE, ['--project-directory', STACK, '-f', join(dir, 'docker-compose.yaml'), 'config']);
    const resolved = parse(stdout) as { services: Record<string, unknown> };
    assert.deepEqual(Object.keys(resolved.services).sort(), Object.keys(services).sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every file a service mounts exists in the repository', () => {
  for (const [name, s] of Object.entries(services)) {
    for (const mount of mountsOf(s).filter((m) => m.bind)) assert.ok(existsSync(mount.source), `${name}: ${mount.source}`);
  }
  // And each file a container is told to read is one of them.
  const containerFiles: [string, string][] = [
    ...flagValues(collector.command ?? [], '--config').map((p): [string, string] => ['otel-collector', p]),
    ['prometheus', flagValues(service('prometheus').command ?? [], '--config.file')[0]],
    ['loki', flagValues(service('loki').command ?? [], '-config.file')[0]],
    ['grafana', service('grafana').environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH],
  ];
  for (const [name, path] of containerFiles) {
    const host = hostPathOf(service(name), path);
    assert.ok(host !== undefined && isFile(host), `${name}: ${path} is a mounted file of the repository`);
  }
});

test('the Collector runs the root otel-collector-config.yaml with the stack\'s overlay, and the merge is wired', () => {
  assert.deepEqual(collectorFiles, [join(REPO, 'otel-collector-config.yaml'), join(STACK, 'otel-collector-stack.yaml')]);
  assertPipelinesWired(collectorConfig, { everyComponentUsed: true });
  assertOutputNeverLoops(collectorConfig, 'modelwatch', 'otlp/modelwatch');
  // The overlay changes only where alerts go: every other pipeline is the root file's.
  const root = readYaml<CollectorConfig>(collectorFiles[0]!);
  for (const [id, pipeline] of Object.entries(root.service.pipelines)) {
    if (id !== 'logs/modelwatch') assert.deepEqual(collectorConfig.service.pipelines[id], pipeline, id);
  }
  assert.deepEqual(collectorConfig.service.pipelines['logs/modelwatch'].exporters, ['otlp_http/loki', 'debug']);
  assert.equal(setting(collectorConfig.exporters, 'otlp_http/loki').endpoint, 'http://loki:3100/otlp');
});

test('the Collector\'s persistent queue lives on a named volume that the init service hands to the Collector\'s user', () => {
  const storage = setting(collectorConfig.extensions, 'file_storage').directory as string;
  const volume = namedVolumeAt(collector, storage);
  assert.ok(volume, `${storage} is on a named volume`);
  const init = service('otelcol-storage-init');
  const chown = init.command ?? [];
  assert.equal(chown[0], 'chown');
  const target = chown[chown.length - 1];
  assert.equal(namedVolumeAt(init, target), volume, 'the init service changes the owner of the same volume');
  assert.ok(posix.relative(target, storage).split('/')[0] !== '..', `${storage} is under ${target}`);
  assert.deepEqual(collector.depends_on, { 'otelcol-storage-init': { condition: 'service_completed_successfully' } });
});

test('every address a service uses to reach another names a service of the file and a port it listens on', () => {
  const ports = listeningPorts();
  const prometheus = readYaml(hostPathOf(service('prometheus'), flagValues(service('prometheus').command ?? [], '--config.file')[0])!);
  const datasources = readYaml(join(STACK, 'grafana/provisioning/datasources/datasources.yaml')).datasources as { name: string; url: string }[];
  const references: [string, string][] = [
    ...Object.entries(collectorConfig.exporters)
      .map(([id, e]) => [`otel-collector exporter ${id}`, String(e?.endpoint ?? '')] as [string, string])
      .filter(([, endpoint]) => endpoint !== '' && !endpoint.startsWith('0.0.0.0')),
    ['modelwatch --export-endpoint', modelwatchConfig.export.endpoint!],
    ['inference-service OTEL_EXPORTER_OTLP_ENDPOINT', service('inference-service').environment!.OTEL_EXPORTER_OTLP_ENDPOINT],
    ['traffic --target', flagValues(service('traffic').command ?? [], '--target')[0]],
    ...prometheus.scrape_configs.flatMap((job: any) => job.static_configs.flatMap((c: any) => c.targets.map((t: string) => [`prometheus job ${job.job_name}`, t]))),
    ...datasources.map((d): [string, string] => [`grafana datasource ${d.name}`, d.url]),
  ];
  assert.ok(references.length >= 10);
  for (const [who, address] of references) {
    const { host, port } = hostPort(address);
    assert.ok(services[host], `${who}: ${address} names no service`);
    assert.ok(ports[host]?.includes(port), `${who}: ${host} does not listen on ${port} (it listens on ${ports[host]})`);
  }
  // modelwatch pushes to the receiver kept for its output, and Prometheus scrapes the Collector's exporter.
  assert.equal(hostPort(modelwatchConfig.export.endpoint!).port, portOf(setting(collectorConfig.receivers, 'otlp/modelwatch').protocols.http.endpoint));
  assert.equal(hostPort(prometheus.scrape_configs[0].static_configs[0].targets[0]).port, portOf(setting(collectorConfig.exporters, 'prometheus').endpoint));
});

test('published ports map to ports the services listen on, and no host port is published twice', () => {
  const ports = listeningPorts();
  const published = new Map<number, string>();
  for (const [name, s] of Object.entries(services)) {
    for (const mapping of s.ports ?? []) {
      const [hostSide, containerSide] = mapping.split(':').map(Number);
      assert.ok(ports[name]?.includes(containerSide), `${name}: ${mapping} publishes a port it does not listen on`);
      assert.ok(!published.has(hostSide), `host port ${hostSide}: ${published.get(hostSide)} and ${name}`);
      published.set(hostSide, name);
    }
  }
  for (const [port, name] of [[3000, 'grafana'], [9090, 'prometheus'], [16686, 'jaeger']] as const) assert.equal(published.get(port), name);
});

test('modelwatch serves OTLP on all interfaces and pushes to the Collector; the app exports to the Collector', () => {
  assert.equal(modelwatchConfig.receiver.host, '0.0.0.0');
  assert.equal(modelwatchConfig.export.endpoint, 'http://otel-collector:4319');
  assert.ok(modelwatchConfig.data_dir, 'references kept across restarts');
  assert.equal(namedVolumeAt(service('modelwatch'), modelwatchConfig.data_dir!), 'modelwatch-data');
  const app = service('inference-service');
  assert.deepEqual(app.command?.slice(0, 3), ['node', '--import', 'modelwatch/register']);
  assert.equal(app.environment?.OTEL_SERVICE_NAME, 'inference-service');
});

test('the three Node services run from one image built from the repository, whose build makes the files they start', () => {
  const dockerfile = join(STACK, 'Dockerfile');
  const text = readFileSync(dockerfile, 'utf8');
  const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  for (const name of ['modelwatch', 'inference-service', 'traffic']) {
    const { build } = service(name);
    assert.deepEqual(build && { context: join(STACK, build.context), dockerfile: build.dockerfile }, { context: REPO, dockerfile: 'examples/stack/Dockerfile' });
  }
  // The base image runs a Node the package supports.
  const major = Number(/^FROM node:(\d+)/m.exec(text)?.[1]);
  assert.ok(major >= Number(/>=(\d+)/.exec(packageJson.engines.node)?.[1]), `node ${major}`);
  assert.match(text, /^WORKDIR \/app$/m);
  // Every COPY source is in the repository (the context).
  for (const [, sources] of text.matchAll(/^COPY (.+) \S+$/gm)) {
    for (const source of sources.split(/\s+/)) assert.ok(existsSync(join(REPO, source)), `COPY ${source}`);
  }
  assert.match(text, /^RUN npm ci\b/m);
  assert.match(text, /^RUN npm run build$/m);
  assert.ok(packageJson.scripts.build.includes('tsc'));
  assert.match(text, /^USER node$/m, 'not root');
  // The context's .dockerignore keeps the host's node_modules and dist out of `COPY . .`.
  const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
  for (const entry of ['**/node_modules', 'dist', '.git']) assert.ok(ignored.includes(entry), `.dockerignore: ${entry}`);

  // What the commands start: modelwatch's CLI and the register hook are build outputs
  // (these tests run from that build); the examples are run from source.
  assert.ok(isFile(join(REPO, 'dist/src/cli/main.js')));
  assert.equal(packageJson.exports['./register'], './dist/instrumentation/register.js');
  assert.ok(isFile(join(REPO, packageJson.exports['./register'])));
});

/** What the stack starts, as built into dist/ (the image runs `npm run build`), and their sources. */
const EXAMPLES = ['dist/examples/inference-service/server.js', 'dist/examples/traffic/replay.js'];
test('the example service and the replayer the stack starts exist, and the service listens where the replayer looks', () => {
  const started = [service('inference-service'), service('traffic')].flatMap((s) => (s.command ?? []).filter((arg) => /^dist\/examples\/.+\.js$/.test(arg)));
  assert.deepEqual(started, EXAMPLES);
  for (const path of EXAMPLES) assert.ok(isFile(join(REPO, path)), path);
  const environment = service('inference-service').environment as Record<string, string>;
  assert.deepEqual([environment.HOST, environment.PORT], ['0.0.0.0', '8080'], 'the service listens on all interfaces of its container, port 8080');
  assert.match(readFileSync(join(REPO, 'examples/inference-service/server.ts'), 'utf8'), /process\.env\.HOST/);
});

test('the compose file\'s own header names the way to start it', () => {
  assert.match(readFileSync(COMPOSE_FILE, 'utf8'), /docker compose -f examples\/stack\/docker-compose\.yaml up --build/);
});
