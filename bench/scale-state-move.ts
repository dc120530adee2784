/**
 * The cost of moving a model version's state between two replicas (issue 9, item 5;
 * README "When a model moves"): one processor takes a reference and a window of a
 * model's spans, then hands the version over (`GET .../state?release=true`) to a
 * second, which takes it in (`POST .../state`), over loopback HTTP, both in this
 * process. Measured beside the baseline from the same run: the time the first
 * processor took to ingest the records the moved window holds, and their bytes on the
 * wire. With `retain_predictions: always` the join's pending predictions move too
 * (a prediction each record, up to `feedback.max_pending`, 100,000), which is what
 * makes a state grow with the traffic.
 *
 * Run alone: `npm run build && node dist/bench/scale-state-move.js [--quick]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load-config.js';
import { Processor } from '../src/serve/processor.js';
import { ingestPayloads, modelName, THROUGHPUT_SHAPE } from './ingest-payloads.js';

export interface StateMoveFigures {
  readonly variant: string;
  /** Predictions the join held for the version (moved with it). */
  readonly pendingPredictions: number;
  /** Records in the moved open window, and their protobuf bytes on the wire. */
  readonly windowRecords: number;
  readonly windowWireBytes: number;
  /** Baseline: the first processor's time to ingest those records (closed loop, one request at a time). */
  readonly ingestMs: number;
  readonly stateBytes: number;
  readonly exportMs: number;
  readonly importMs: number;
}

const REFERENCE_SIZE = 1_000;

/** Moves one version with `windowRequests` requests of 512 spans in its open window, in each variant. */
export async function measureStateMove(windowRequests: number): Promise<StateMoveFigures[]> {
  const referenceRequests = Math.ceil(REFERENCE_SIZE / THROUGHPUT_SHAPE.spansPerRequest);
  // Every request distinct: the join keeps a prediction per inference id (the span id here), so repeated requests would keep the same few.
  const payloads = await ingestPayloads({ ...THROUGHPUT_SHAPE, models: 1, requests: referenceRequests + windowRequests });
  const figures: StateMoveFigures[] = [];
  for (const variant of [
    { name: 'windows only', retain: 'auto', dataDir: false },
    { name: 'pending predictions too', retain: 'always', dataDir: false },
    { name: 'pending predictions, target keeps a data dir', retain: 'always', dataDir: true },
  ] as const) {
    const work = mkdtempSync(join(tmpdir(), 'modelwatch-state-move-'));
    const processorWith = (dataDir: boolean) => new Processor(parseConfig([
      'receiver: { port: 0, grpc_port: 0, max_body_bytes: 512MiB, max_inflight_bytes: 1GiB }', 'prometheus: { port: 0 }', 'ui: { enabled: false }',
      `reference: { size: ${REFERENCE_SIZE} }`, 'windows: { duration: 1h }', `feedback: { retain_predictions: ${variant.retain} }`,
      ...(dataDir ? ['data_dir: state'] : []),
    ].join('\n'), { name: 'bench.yaml', baseDir: work }));
    const source = processorWith(false);
    const target = processorWith(variant.dataDir);
    await Promise.all([source.start(), target.start()]);
    try {
      const post = (processor: Processor, path: string, body: Buffer, type: string) => fetch(`${urlOf(processor)}${path}`, {
        method: 'POST', body, headers: { 'content-type': type },
      }).then(async (response) => {
        if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      });
      for (let r = 0; r < referenceRequests; r++) await post(source, '/v1/traces', payloads.protobuf[r], 'application/x-protobuf');
      let windowWireBytes = 0;
      const ingestStart = performance.now();
      for (let r = 0; r < windowRequests; r++) {
        const body = payloads.protobuf[referenceRequests + r];
        windowWireBytes += body.length;
        await post(source, '/v1/traces', body, 'application/x-protobuf');
      }
      const ingestMs = performance.now() - ingestStart;
      const pendingPredictions = source.registry.joinStats()?.pendingPredictions ?? 0;
      const path = `/v1/models/${modelName(0)}/v1/state`;
      const exportStart = performance.now();
      const exported = await fetch(`${urlOf(source)}${path}?release=true`);
      const state = Buffer.from(await exported.arrayBuffer());
      const exportMs = performance.now() - exportStart;
      if (exported.status !== 200) throw new Error(`export: ${exported.status}`);
      const importStart = performance.now();
      await post(target, path, state, 'application/json');
      const importMs = performance.now() - importStart;
      const windowRecords = target.registry.openWindows()[0].windowRecords;
      figures.push({ variant: variant.name, pendingPredictions, windowRecords, windowWireBytes, ingestMs, stateBytes: state.length, exportMs, importMs });
    } finally {
      await Promise.all([source.shutdown(), target.shutdown()]);
      rmSync(work, { recursive: true, force: true });
    }
  }
  return figures;
}

function urlOf(processor: Processor): string {
  return `http://127.0.0.1:${processor.receiver.address().port}`;
}

/** The figures as lines of text. */
export function stateMoveLines(figures: readonly StateMoveFigures[]): string[] {
  const MiB = 2 ** 20;
  return figures.map((f) => `${f.variant}: ${f.windowRecords} records in the window, ${f.pendingPredictions} predictions pending (${(f.windowWireBytes / MiB).toFixed(1)} MiB of protobuf, ingested in ${f.ingestMs.toFixed(0)} ms)`
    + ` -> state ${(f.stateBytes / MiB).toFixed(2)} MiB, export ${f.exportMs.toFixed(0)} ms + import ${f.importMs.toFixed(0)} ms`
    + ` = ${(((f.exportMs + f.importMs) / f.ingestMs) * 100).toFixed(1)}% of the ingest time`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const figures = await measureStateMove(quick ? 20 : 200);
  for (const line of stateMoveLines(figures)) console.log(line);
  console.log(JSON.stringify({ stateMove: figures }));
}
