/**
 * Numeric profile ingest speed on one core: values fed one by one through
 * NumericProfile.add (and through addAll), with 10 reference edges, after a warm-up.
 * Baselines, measured in the same run: the same profile work (count, min, max,
 * Welford mean/variance, bin counts) with @datadog/sketches-js's DDSketch as the
 * quantile sketch; both sketches alone; and bin counting with BinCounts versus a
 * plain binary search (binIndex).
 *
 * Run: node dist/bench/profile-ingest.js  (prints JSON)
 */
import { fileURLToPath } from 'node:url';
import { DDSketch } from '@datadog/sketches-js';
import { BinCounts, NumericProfile, QuantileSketch } from '../src/profile/index.js';
import { binIndex } from '../src/stats/bin-index.js';
import { seededRandom, standardNormal } from '../test/helpers/seeded-random.js';

const VALUES = 1 << 20;
const PASSES = 5;
const RUNS = 3;

export interface IngestCase {
  name: string;
  /** Median over runs of values per second. */
  valuesPerSecond: number;
}

export interface ProfileIngestResult {
  /** NumericProfile.add, one value at a time, wide-range data: the headline figure. */
  valuesPerSecond: number;
  /** Values timed per run of each case. */
  values: number;
  edges: number;
  cases: IngestCase[];
  /** NumericProfile.byteSize() after ingesting the wide-range data. */
  profileBytes: number;
  node: string;
}

function sample(kind: 'normal' | 'wide', seed: number): Float64Array {
  const u = seededRandom(seed);
  const out = new Float64Array(VALUES);
  for (let i = 0; i < VALUES; i++) {
    const z = standardNormal(u);
    if (kind === 'normal') out[i] = 100 + 15 * z;
    else {
      // Log-normal over about 14 decades, both signs, 1% zeros.
      const r = u();
      out[i] = r < 0.01 ? 0 : (r < 0.4 ? -1 : 1) * Math.exp(3 * z);
    }
  }
  return out;
}

/** 10 edges at the quantiles i/11 of the data, as the reference would give. */
function edgesOf(values: Float64Array): Float64Array {
  const s = values.slice().sort();
  return Float64Array.from({ length: 10 }, (_, i) => s[Math.floor(((i + 1) * s.length) / 11)]);
}

/** The profile's numeric work with DDSketch in place of QuantileSketch. */
class DatadogBackedProfile {
  count = 0;
  n = 0;
  lo = Infinity;
  hi = -Infinity;
  mu = 0;
  m2 = 0;
  readonly sketch = new DDSketch({ relativeAccuracy: 0.01 });
  readonly bins: BinCounts;

  constructor(edges: Float64Array) {
    this.bins = new BinCounts(edges);
  }

  add(value: unknown): void {
    this.count++;
    if (typeof value !== 'number' || value - value !== 0) return;
    const x = value;
    const n = ++this.n;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    const d = x - this.mu;
    this.mu += d / n;
    this.m2 += d * (x - this.mu);
    this.sketch.accept(x);
    this.bins.add(x);
  }
}

/** Median values/s of `ingest` over RUNS runs of PASSES passes, after one warm-up run. */
function time(ingest: () => void): number {
  ingest();
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (let p = 0; p < PASSES; p++) ingest();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push((PASSES * VALUES) / seconds);
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[RUNS >> 1]);
}

export async function measureProfileIngest(): Promise<ProfileIngestResult> {
  const cases: IngestCase[] = [];
  let profileBytes = 0;
  let headline = 0;
  for (const kind of ['wide', 'normal'] as const) {
    const values = sample(kind, kind === 'wide' ? 1 : 2);
    const edges = edgesOf(values);
    const profile = new NumericProfile({ edges });
    const viaAdd = time(() => {
      for (let i = 0; i < values.length; i++) profile.add(values[i]);
    });
    if (kind === 'wide') {
      headline = viaAdd;
      profileBytes = profile.byteSize();
    }
    cases.push({ name: `${kind}: NumericProfile.add`, valuesPerSecond: viaAdd });
    const bulk = new NumericProfile({ edges });
    cases.push({ name: `${kind}: NumericProfile.addAll`, valuesPerSecond: time(() => bulk.addAll(values)) });
    const baseline = new DatadogBackedProfile(edges);
    cases.push({
      name: `${kind}: baseline, same profile work with @datadog/sketches-js DDSketch`,
      valuesPerSecond: time(() => {
        for (let i = 0; i < values.length; i++) baseline.add(values[i]);
      }),
    });
    const ours = new QuantileSketch();
    cases.push({
      name: `${kind}: QuantileSketch.add alone`,
      valuesPerSecond: time(() => {
        for (let i = 0; i < values.length; i++) ours.add(values[i]);
      }),
    });
    const theirs = new DDSketch({ relativeAccuracy: 0.01 });
    cases.push({
      name: `${kind}: @datadog/sketches-js DDSketch.accept alone`,
      valuesPerSecond: time(() => {
        for (let i = 0; i < values.length; i++) theirs.accept(values[i]);
      }),
    });
    const table = new BinCounts(edges);
    cases.push({
      name: `${kind}: BinCounts.add alone`,
      valuesPerSecond: time(() => {
        for (let i = 0; i < values.length; i++) table.add(values[i]);
      }),
    });
    const counts = new Float64Array(edges.length + 1);
    cases.push({
      name: `${kind}: counting by binIndex alone`,
      valuesPerSecond: time(() => {
        for (let i = 0; i < values.length; i++) counts[binIndex(edges, values[i])]++;
      }),
    });
  }
  return {
    valuesPerSecond: headline,
    values: PASSES * VALUES,
    edges: 10,
    cases,
    profileBytes,
    node: process.version,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureProfileIngest(), null, 2));
}
