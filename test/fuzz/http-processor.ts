import { parseConfig } from '../../src/config/load-config.js';
import { Processor } from '../../src/serve/processor.js';
import { freePort } from '../helpers/free-port.js';
import { OtlpSink } from '../helpers/otlp-sink.js';
import { FUZZ_MAX_BODY_BYTES } from './http-cases.js';

/** A whole `modelwatch serve` processor on 127.0.0.1 for the HTTP fuzz: receiver, feedback route, registry, exporters to a sink. */
export interface FuzzedProcessor {
  readonly processor: Processor;
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startFuzzedProcessor(): Promise<FuzzedProcessor> {
  const sink = await OtlpSink.start();
  const processor = new Processor(parseConfig([
    `receiver: { port: 0, grpc_port: 0, max_body_bytes: ${FUZZ_MAX_BODY_BYTES} }`,
    `prometheus: { port: ${await freePort()} }`,
    'windows: { duration: 1s, min_records: 5 }',
    'reference: { size: 20 }',
    `export: { endpoint: "${sink.url}", protocol: http/json, interval: 1s }`,
  ].join('\n'), { name: 'fuzz.yaml', baseDir: process.cwd() }));
  await processor.start();
  return {
    processor,
    baseUrl: `http://127.0.0.1:${processor.receiver.address().port}`,
    async close() {
      await processor.shutdown();
      await sink.close();
    },
  };
}

/** Heap in use after a full collection (needs --expose-gc; without it, as it stands). */
export function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
