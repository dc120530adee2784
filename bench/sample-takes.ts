/**
 * What the retraining sample (src/samples) costs per record it takes, on the batches
 * the receiver makes of protobuf requests (TableRowsBatch runs, each after its
 * single-row head): bench:ingest's request bodies, decoded and extracted once before
 * timing, then offered to a fresh RecentSample (size 10,000) up to 200,000 records,
 * as a new model version's first minute or so at bench:ingest's rate. Four samples
 * stay alive at once, as four model versions would.
 *
 * A take makes a sample record of one row (its values packed, its id as hex) and puts
 * it in a slot; the rows not taken cost one comparison per batch. The takes in a fill
 * are counted (slots changed, read after each request), not estimated. In the same run, as the baseline that puts the figure in
 * proportion: the table decode of the same bodies, µs per span (the ingest target's
 * baseline).
 *
 * Run: node dist/bench/sample-takes.js  (prints JSON)
 */
import type { InferenceBatch } from '../src/extract/inference-batch.js';
import { SpanExtractor } from '../src/extract/span-extractor.js';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import { RecentSample } from '../src/samples/recent-sample.js';
import { tableDecodeOnly } from './ingest-in-process.js';
import { ingestPayloads, THROUGHPUT_SHAPE } from './ingest-payloads.js';
import { machine } from './machine.js';

const SIZE = 10_000;
const RECORDS_PER_FILL = 200_000;
const FILLS = 9;
/** Fills not counted: the JIT warms up on them. */
const WARMUP_FILLS = 2;
const LIVE_SAMPLES = 4;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Slots filled since the last call: the takes, but for a slot taken twice between two calls (rare past the fill). */
function takesOf(sample: RecentSample): number {
  return sample.snapshot().changed.length;
}

async function main(): Promise<void> {
  const payloads = await ingestPayloads(THROUGHPUT_SHAPE);
  const batches: InferenceBatch[] = [];
  for (const body of payloads.protobuf) {
    new SpanExtractor({ acceptInferences: (batch) => batches.push(batch), acceptFeedback: () => undefined }).consumeSpanTable(decodeTracesTable(body));
  }
  const now = Date.now();
  const live: RecentSample[] = [];
  const microsPerTake: number[] = [];
  const nanosPerRecord: number[] = [];
  let takes = 0;
  for (let fill = 0; fill < FILLS; fill++) {
    const sample = new RecentSample({ size: SIZE, periodMs: 86_400_000 });
    let offered = 0;
    let taken = 0;
    let next = 0;
    let elapsedMs = 0;
    while (offered < RECORDS_PER_FILL) {
      // Timed a request's worth at a time, with the takes counted in between (snapshot is not free).
      const start = performance.now();
      for (let i = 0; i < 8; i++) {
        const batch = batches[next++ % batches.length];
        sample.offer(batch, now);
        offered += batch.rows;
      }
      elapsedMs += performance.now() - start;
      taken += takesOf(sample);
    }
    live.push(sample);
    if (live.length > LIVE_SAMPLES) live.shift();
    if (fill < WARMUP_FILLS) continue;
    microsPerTake.push((elapsedMs * 1000) / taken);
    nanosPerRecord.push((elapsedMs * 1e6) / offered);
    takes = taken;
  }
  const decode = tableDecodeOnly(payloads, { runs: 5, minMillis: 300, warmup: 20 });
  console.log(JSON.stringify({
    benchmark: 'sample-takes',
    machine: machine(),
    sampleSize: SIZE,
    recordsPerFill: RECORDS_PER_FILL,
    takesPerFill: takes,
    fillsCounted: FILLS - WARMUP_FILLS,
    batches: { count: batches.length, kinds: [...new Set(batches.map((b) => b.constructor.name))] },
    microsPerTake: { median: Number(median(microsPerTake).toFixed(2)), min: Number(Math.min(...microsPerTake).toFixed(2)) },
    nanosPerRecordOffered: Number(median(nanosPerRecord).toFixed(1)),
    baseline: { method: 'decodeTracesTable on the same bodies, median of 5 runs', microsPerSpan: Number((1e6 / decode.spansPerSecond).toFixed(2)) },
  }, null, 2));
}

await main();
