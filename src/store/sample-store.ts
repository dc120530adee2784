import type { Database } from 'better-sqlite3';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';
import { packValues, unpackValues } from '../samples/packed-values.js';
import type { GenerationSnapshot, RecentSample, SampledSlot } from '../samples/recent-sample.js';
import type { SampleRecord } from '../samples/sample-record.js';

/** A sampled record as stored: its values unpacked into JSON. */
type StoredRecord = Omit<SampleRecord, 'featureValues'> & { featureValues: FeatureValue[] };

/**
 * The retraining samples in the state database, written with each snapshot: every
 * generation's running state, and only the slots taken or labelled since the last
 * snapshot (a full sample is 10,000–20,000 records; after it fills, few change), so a
 * snapshot costs what changed. Generations the sample let go are deleted with their records.
 */
export function writeSamples(db: Database, samples: Iterable<{ key: ModelKey; sample: RecentSample }>): void {
  const upsertGeneration = db.prepare('INSERT OR REPLACE INTO sample_generation (model, version, start_ms, state) VALUES (?, ?, ?, ?)');
  const upsertRecord = db.prepare('INSERT OR REPLACE INTO sample_record (model, version, start_ms, slot, record) VALUES (?, ?, ?, ?, ?)');
  const generationsOf = db.prepare('SELECT start_ms AS start FROM sample_generation WHERE model = ? AND version = ?');
  const dropGeneration = db.prepare('DELETE FROM sample_generation WHERE model = ? AND version = ? AND start_ms = ?');
  const dropRecords = db.prepare('DELETE FROM sample_record WHERE model = ? AND version = ? AND start_ms = ?');
  for (const { key, sample } of samples) {
    const { generations, changed } = sample.snapshot();
    const kept = new Set(generations.map((g) => g.startUnixMs));
    for (const { start } of generationsOf.all(key.model, key.version) as { start: number }[]) {
      if (kept.has(start)) continue;
      dropGeneration.run(key.model, key.version, start);
      dropRecords.run(key.model, key.version, start);
    }
    for (const generation of generations) upsertGeneration.run(key.model, key.version, generation.startUnixMs, JSON.stringify(generation.state));
    for (const { generationStart, slot, record } of changed) {
      upsertRecord.run(key.model, key.version, generationStart, slot, JSON.stringify({ ...record, featureValues: unpackValues(record.featureValues) }));
    }
  }
}

/** What `writeSamples` kept of one model version, for `RecentSample.restore`; empty when nothing. */
export function readSample(db: Database, key: ModelKey): { generations: GenerationSnapshot[]; records: SampledSlot[] } {
  const generations = (db.prepare('SELECT start_ms AS start, state FROM sample_generation WHERE model = ? AND version = ? ORDER BY start_ms')
    .all(key.model, key.version) as { start: number; state: string }[])
    .map(({ start, state }) => ({ startUnixMs: start, state: JSON.parse(state) as GenerationSnapshot['state'] }));
  const records = (db.prepare('SELECT start_ms AS start, slot, record FROM sample_record WHERE model = ? AND version = ?')
    .all(key.model, key.version) as { start: number; slot: number; record: string }[])
    .map(({ start, slot, record }) => {
      const stored = JSON.parse(record) as StoredRecord;
      // Every field set, as batchRecord sets them (JSON leaves out the undefined ones).
      const restored: SampleRecord = {
        inferenceId: stored.inferenceId,
        timeUnixMs: stored.timeUnixMs,
        featureNames: stored.featureNames,
        featureValues: packValues(stored.featureValues),
        prediction: stored.prediction,
        score: stored.score,
        label: stored.label,
      };
      return { generationStart: start, slot, record: restored };
    });
  return { generations, records };
}
