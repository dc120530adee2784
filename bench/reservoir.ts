/**
 * The cost of keeping each model version's sample of recent records (src/samples) on
 * the ingest hot path: single-row batches as extraction makes them (24 features),
 * made fresh per request of 512 (new ids and values, as extraction makes them) and
 * offered with one clock reading per request, as the processor would.
 *
 * Measured in the same run, on the same batches:
 * - `baseline`: making the batches and handing each to a sink that only counts its
 *   rows: the sample's cost is the difference, in ns per record;
 * - `recentSample`: RecentSample (Algorithm L skips, size 10,000) taking the batches;
 * - `algorithmR`: a plain reservoir drawing one random number per record (Algorithm
 *   R), what the skips avoid, for comparison.
 * Records per second are the median of RUNS runs, in two regimes (see measure()).
 *
 * Run: node dist/bench/reservoir.js  (prints JSON)
 */
import type { InferenceBatch } from '../src/extract/inference-batch.js';
import { SingleRowBatch } from '../src/extract/single-row-batch.js';
import { RecentSample } from '../src/samples/recent-sample.js';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';
import { machine } from './machine.js';

const SIZE = 10_000;
const FEATURES = 24;
const RECORDS_PER_RUN = 2_000_000;
const REQUEST = 512;
const RUNS = 7;

const random = seededRandom(6);
const featureNames = Array.from({ length: FEATURES }, (_, i) => `f${i}`);
let spans = 0;

/** One request's batches, made fresh as extraction makes them (new ids, values and objects). */
function request(): InferenceBatch[] {
  return Array.from({ length: REQUEST }, () => {
    const i = spans++;
    return new SingleRowBatch({
      model: 'churn', version: '3', task: 'classification', timeUnixMs: 1_717_171_717_000 + i, ids: { traceId: 't', spanId: i.toString(16) },
      inferenceId: `id-${i}`,
      row: { featureNames, featureValues: featureNames.map((_, f) => (f < 20 ? standardNormal(random) : `c${f % 7}`)), prediction: i % 2, score: random() },
      label: undefined, probabilityClasses: undefined, probabilityValues: undefined, errorType: undefined,
    });
  });
}

/** Algorithm R: one uniform draw per record past the fill. */
class AlgorithmRReservoir {
  readonly #records: InferenceBatch[] = [];
  #seen = 0;
  offer(batch: InferenceBatch): void {
    const seen = ++this.#seen;
    if (seen <= SIZE) this.#records.push(batch);
    else {
      const j = Math.floor(Math.random() * seen);
      if (j < SIZE) this.#records[j] = batch;
    }
  }
  get size(): number { return this.#records.length; }
}

type Offer = (batch: InferenceBatch, nowUnixMs: number) => void;

/**
 * Records per second of one run: making each request's batches, then offering them
 * with one clock reading per request. Making the batches is timed too, in every
 * variant: it is what fills the young generation, and a variant that allocates (the
 * sample does, for the records it takes) pays its share of the collections it
 * triggers only if the allocation around it is in the timed part, as in the processor.
 */
function run(offer: Offer): number {
  const start = process.hrtime.bigint();
  for (let done = 0; done < RECORDS_PER_RUN; done += REQUEST) {
    const batches = request();
    const now = Date.now();
    for (let i = 0; i < batches.length; i++) offer(batches[i], now);
  }
  return RECORDS_PER_RUN / (Number(process.hrtime.bigint() - start) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

let sink = 0;
const variants: Record<string, () => Offer> = {
  baseline: () => (batch) => { sink += batch.rows; },
  recentSample: () => {
    const sample = new RecentSample({ size: SIZE, periodMs: 86_400_000 });
    return (batch, now) => sample.offer(batch, now);
  },
  algorithmR: () => {
    const reservoir = new AlgorithmRReservoir();
    return (batch) => reservoir.offer(batch);
  },
};

/**
 * Two regimes, runs interleaved so drift in the machine's load touches every variant
 * alike (the first round warms the JIT and is not counted):
 * - `fresh`: a new sample each run, so a run is a version's first 2M records, filling
 *   the 10,000 slots and taking about 3% of records (k (1 + ln(n/k)) of n);
 * - `longRunning`: one sample through every round, which by the counted rounds has
 *   seen 2M to 16M records and takes well under 1% of them: what a version serving
 *   traffic for a while pays.
 */
function measure(fresh: boolean): Record<string, number> {
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const kept = Object.fromEntries(Object.entries(variants).map(([name, make]) => [name, make()]));
  for (let round = 0; round <= RUNS; round++) {
    for (const [name, make] of Object.entries(variants)) {
      const rate = run(fresh ? make() : kept[name]);
      if (round > 0) rates[name].push(rate);
    }
  }
  return Object.fromEntries(Object.entries(rates).map(([name, list]) => [name, Math.round(median(list))]));
}

function report(recordsPerSecond: Record<string, number>) {
  const nsPerRecord = Object.fromEntries(Object.entries(recordsPerSecond).map(([name, rate]) => [name, Number((1e9 / rate).toFixed(1))]));
  return {
    recordsPerSecond,
    nsPerRecord,
    recentSampleOverBaselineNs: Number((nsPerRecord.recentSample - nsPerRecord.baseline).toFixed(1)),
    algorithmROverBaselineNs: Number((nsPerRecord.algorithmR - nsPerRecord.baseline).toFixed(1)),
  };
}

const fresh = report(measure(true));
const longRunning = report(measure(false));
console.log(JSON.stringify({
  benchmark: 'reservoir',
  machine: machine(),
  sampleSize: SIZE,
  featuresPerRecord: FEATURES,
  recordsPerRun: RECORDS_PER_RUN,
  requestSize: REQUEST,
  runs: RUNS,
  fresh,
  longRunning,
  checksum: sink,
}, null, 2));
