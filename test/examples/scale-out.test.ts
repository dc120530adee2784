import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { serveCommand } from '../../src/cli/serve-command.js';
import { parseConfig } from '../../src/config/load-config.js';
import { assertPipelinesWired, setting, type CollectorConfig } from '../helpers/collector-config.js';

/*
 * examples/scale-out, checked as files (no Collector binary or cluster here): the
 * routing Collector sends every signal of one model to one replica, and it finds the
 * replicas, on the port they listen on for OTLP/gRPC, through the headless Service
 * the Kubernetes manifest defines.
 */
const folder = new URL('../../../examples/scale-out/', import.meta.url);
const read = (name: string) => readFileSync(fileURLToPath(new URL(name, folder)), 'utf8');
const collector = parse(read('collector.yaml'), { uniqueKeys: true }) as CollectorConfig;
const manifests = parseAllDocuments(read('kubernetes.yaml')).map((document) => document.toJS() as Record<string, any>);
const service = manifests.find((m) => m.kind === 'Service')!;
const statefulSet = manifests.find((m) => m.kind === 'StatefulSet')!;
const configMap = manifests.find((m) => m.kind === 'ConfigMap')!;
const balancer = setting(collector.exporters, 'load_balancing');

test('the routing Collector is wired: traces and logs, and only they, go through the load balancer', () => {
  assertPipelinesWired(collector, { everyComponentUsed: true });
  const { pipelines } = collector.service;
  assert.deepEqual(Object.keys(pipelines).sort(), ['logs', 'traces']);
  for (const pipeline of Object.values(pipelines)) assert.deepEqual(pipeline.exporters, ['load_balancing']);
});

test('a model\'s spans and its ground truth take one route: by the ml.model.name attribute', () => {
  assert.equal(balancer.routing_key, 'attributes');
  assert.deepEqual(balancer.routing_attributes, ['ml.model.name']);
  // Only OTLP/gRPC reaches the backends, with the retries that modelwatch's 503 / UNAVAILABLE expects.
  assert.deepEqual(Object.keys(balancer.protocol), ['otlp']);
  assert.equal(balancer.protocol.otlp.retry_on_failure.enabled, true);
  assert.equal(balancer.protocol.otlp.endpoint, undefined, 'the resolver sets the endpoint');
});

test('the resolver finds every replica through the headless Service, on their OTLP/gRPC port', () => {
  assert.equal(service.spec.clusterIP, 'None', 'a headless Service resolves to each replica');
  assert.equal(balancer.resolver.dns.hostname, `${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`);
  assert.equal(statefulSet.spec.serviceName, service.metadata.name);
  assert.deepEqual(service.spec.selector, statefulSet.spec.template.metadata.labels);
  const grpc = service.spec.ports.find((p: { name: string }) => p.name === 'otlp-grpc');
  assert.equal(balancer.resolver.dns.port, grpc.port);
  const container = statefulSet.spec.template.spec.containers[0];
  const args: string[] = container.args;
  assert.equal(Number(args[args.indexOf('--grpc-port') + 1]), grpc.port, 'modelwatch listens for gRPC where the resolver sends');
  assert.ok(container.ports.some((p: { containerPort: number }) => p.containerPort === grpc.port));
});

test('the replicas run `modelwatch serve` with options it has, each with a data dir on its own volume', () => {
  const container = statefulSet.spec.template.spec.containers[0];
  const [command, ...options] = container.args as string[];
  assert.equal(command, 'serve');
  const known = new Set(serveCommand().options.map((option) => option.long));
  for (const option of options.filter((arg) => arg.startsWith('--'))) assert.ok(known.has(option), `modelwatch serve has ${option}`);
  assert.equal(options[options.indexOf('--host') + 1], '0.0.0.0', 'reachable from the Collector (and Prometheus, which follows --host)');
  const dataDir = options[options.indexOf('--data-dir') + 1];
  const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === dataDir);
  assert.ok(mount !== undefined, 'the data dir is a mounted volume');
  assert.ok(statefulSet.spec.volumeClaimTemplates.some((claim: { metadata: { name: string } }) => claim.metadata.name === mount.name));
});

test('each replica names every replica of the StatefulSet as a peer, on its OTLP/HTTP port, and drains within its grace period, in a configuration modelwatch loads', () => {
  const container = statefulSet.spec.template.spec.containers[0];
  const args: string[] = container.args;
  const configPath: string = args[args.indexOf('--config') + 1];
  const mount = container.volumeMounts.find((m: { mountPath: string }) => configPath.startsWith(`${m.mountPath}/`));
  const volume = statefulSet.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
  assert.equal(volume.configMap.name, configMap.metadata.name);
  const file = configPath.slice(mount.mountPath.length + 1);
  const config = parseConfig(configMap.data[file], { name: file, baseDir: '/' });
  const http = service.spec.ports.find((p: { name: string }) => p.name === 'otlp-http');
  const { name: set } = statefulSet.metadata;
  const { name: headless, namespace } = service.metadata;
  assert.ok(config.scale_out.drain_timeout !== undefined && config.scale_out.drain_timeout < statefulSet.spec.template.spec.terminationGracePeriodSeconds * 1000,
    'a replica scaled away drains within its termination grace period');
  assert.deepEqual(config.scale_out.peers, Array.from({ length: statefulSet.spec.replicas }, (_, i) => `http://${set}-${i}.${headless}.${namespace}.svc.cluster.local:${http.port}`));
});
