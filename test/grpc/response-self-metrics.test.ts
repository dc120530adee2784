import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { decodeTracesJson } from '../../src/otlp/index.js';
import { freePort } from '../helpers/free-port.js';
import { encodeTracesJsonRequest } from '../helpers/otlp-json-request.js';
import { encodeTraces } from '../otlp/encode-protobuf.js';
import { exportCall } from './grpc-export-call.js';

/*
 * The receivers' answers in the self-metrics, as scraped from a real processor's
 * Prometheus endpoint: gRPC calls by service, method and status code beside HTTP
 * responses by route and status code, each counted under its own name.
 */
const SECRET = '0123456789abcdef0123';
let work: string;
let processor: Processor;
let grpcPort: number;
let metricsUrl: string;
let httpBase: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'modelwatch-grpc-metrics-'));
  writeFileSync(join(work, 'ingest.tokens'), `collector:${SECRET}\n`);
  grpcPort = await freePort();
  const prometheusPort = await freePort();
  processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: ${grpcPort}, auth: { tokens_file: ingest.tokens } }`,
    `prometheus: { port: ${prometheusPort} }`,
  ].join('\n'), { name: 'test.yaml', baseDir: work }));
  await processor.start();
  metricsUrl = `http://127.0.0.1:${prometheusPort}/metrics`;
  httpBase = `http://127.0.0.1:${processor.receiver.address().port}`;
});

after(async () => {
  await processor?.shutdown();
  rmSync(work, { recursive: true, force: true });
});

/** Every sample of one metric as scraped now, keyed by its label set as written. */
async function samples(name: string): Promise<Map<string, number>> {
  const text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    found.set(line.slice(name.length, line.lastIndexOf('}') + 1), Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return found;
}

const TRACES = 'rpc_service="opentelemetry.proto.collector.trace.v1.TraceService",rpc_method="Export"';
const LOGS = 'rpc_service="opentelemetry.proto.collector.logs.v1.LogsService",rpc_method="Export"';

test('gRPC calls are counted by service, method and status code; HTTP responses under their own name', async () => {
  const body = encodeTraces(decodeTracesJson(encodeTracesJsonRequest([{ 'ml.model.name': 'counted', 'ml.feature.x': 1 }])));
  const calls = [
    { signal: 'traces', body, bearer: SECRET, expected: status.OK },
    { signal: 'traces', body, bearer: SECRET, expected: status.OK },
    { signal: 'traces', body, expected: status.UNAUTHENTICATED },
    { signal: 'traces', body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), bearer: SECRET, expected: status.INVALID_ARGUMENT },
    { signal: 'logs', body: new Uint8Array(0), bearer: SECRET, expected: status.OK },
  ] as const;
  for (const call of calls) {
    const answer = await exportCall(grpcPort, call.signal, call.body, 'bearer' in call ? { bearer: call.bearer } : {});
    assert.equal(answer.code, call.expected, answer.details);
  }
  const unauthorized = await fetch(`${httpBase}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body, signal: AbortSignal.timeout(5_000) });
  assert.equal(unauthorized.status, 401);
  await unauthorized.arrayBuffer();

  const grpc = await samples('modelwatch_receiver_grpc_responses_total');
  assert.deepEqual(Object.fromEntries(grpc), {
    [`{${TRACES},rpc_grpc_status_code="${status.OK}"}`]: 2,
    [`{${TRACES},rpc_grpc_status_code="${status.UNAUTHENTICATED}"}`]: 1,
    [`{${TRACES},rpc_grpc_status_code="${status.INVALID_ARGUMENT}"}`]: 1,
    [`{${LOGS},rpc_grpc_status_code="${status.OK}"}`]: 1,
  });
  const http = await samples('modelwatch_receiver_http_responses_total');
  assert.equal(http.get('{http_route="/v1/traces",http_response_status_code="401"}'), 1, JSON.stringify([...http]));
  assert.ok(![...http.keys()].some((labels) => labels.includes('rpc_')), 'gRPC calls are not among the HTTP responses');
});
