import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import type { PerformanceSignals } from '../../src/pipeline/performance-signals.js';
import { Processor } from '../../src/serve/processor.js';
import { freePort } from './free-port.js';

/** What the performance end-to-end tests need of their processor. */
export interface PerformanceProcessor {
  readonly processor: Processor;
  readonly prometheusPort: number;
  /** Every performance figure the processor published, in order. */
  readonly published: PerformanceSignals[];
  /** POSTs a JSON body to the receiver and asserts a 200. */
  post(path: string, body: string): Promise<void>;
}

/**
 * Registers before/after hooks that run a `modelwatch serve` processor for a
 * performance test: short windows of `windowMs`, a reference of `referenceSize`
 * rows, predictions kept for the join, figures from `minLabels` labels. The returned
 * object is filled once the `before` hook has run.
 */
export function performanceProcessor(options: { windowMs: number; referenceSize: number; minLabels: number }): PerformanceProcessor {
  const published: PerformanceSignals[] = [];
  const state = {} as { processor: Processor; prometheusPort: number };
  before(async () => {
    state.prometheusPort = await freePort();
    state.processor = new Processor(parseConfig([
      'receiver: { port: 0, grpc_port: 0 }',
      `prometheus: { port: ${state.prometheusPort} }`,
      `windows: { duration: ${options.windowMs}ms, min_records: 5 }`,
      `reference: { size: ${options.referenceSize} }`,
      `feedback: { retain_predictions: always, min_labels: ${options.minLabels} }`,
    ].join('\n'), { name: 'test.yaml', baseDir: process.cwd() }), {
      windowListener: { publish: () => undefined, publishPerformance: (signals) => published.push(signals) },
    });
    await state.processor.start();
  });
  after(() => state.processor?.shutdown());
  return {
    get processor() { return state.processor; },
    get prometheusPort() { return state.prometheusPort; },
    published,
    async post(path, body) {
      const response = await fetch(`http://127.0.0.1:${state.processor.receiver.address().port}${path}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5_000),
      });
      assert.equal(response.status, 200, await response.text());
    },
  };
}
