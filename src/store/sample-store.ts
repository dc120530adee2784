import type { Database } from 'better-sqlite3';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';
import { packValues, unpackValues } from '../samples/packed-values.js';
import type { GenerationSnapshot, RecentSample, SampledSlot } from '../samples/recent-sample.js';
import type { SampleRecord } from '../samples/sample-record.js';
import type { SqlWrite } from './sql-write.js';

/** A sampled record as stored: its values unpacked into JSON. */
type StoredRecord = Omit<SampleRecord, 'featureValues'> & { featureValues: FeatureValue[] };

/**
 * The retraining samples in the state database, written with each snapshot: every
 * generation's running state, and only the slots taken or labelled since the last
 * snapshot (a full sample is 10,000–20,000 records; after it fills, few change), so a
 * snapshot costs what changed. Generations the sample let go are deleted with their
 * records. Returns the writes, for the snapshot's commit.
 */
export function sampleWrites(samples: Iterable<{ key: ModelKey; sample: RecentSample }>): SqlWrite[] {
  const writes: SqlWrite[] = [];
  for (const { key, sample } of samples) {
    const { generations, changed } = sample.snapshot();
    const kept = JSON.stringify(generations.map((g) => g.startUnixMs));
    writes.push(
      { sql: DROP_RECORDS_OF_OTHER_GENERATIONS, params: [key.model, key.version, key.model, key.version, kept] },
      { sql: DROP_OTHER_GENERATIONS, params: [key.model, key.version, kept] },
    );
    for (const generation of generations) {
      writes.push({ sql: UPSERT_GENERATION, params: [key.model, key.version, generation.startUnixMs, JSON.stringify(generation.state)] });
    }
    for (const { generationStart, slot, record } of changed) {
      const stored: StoredRecord = { ...record, featureValues: unpackValues(record.featureValues) };
      writes.push({ sql: UPSERT_RECORD, params: [key.model, key.version, generationStart, slot, JSON.stringify(stored)] });
    }
  }
  return writes;
}

const UPSERT_GENERATION = 'INSERT OR REPLACE INTO sample_generation (model, version, start_ms, state) VALUES (?, ?, ?, ?)';
const UPSERT_RECORD = 'INSERT OR REPLACE INTO sample_record (model, version, start_ms, slot, record) VALUES (?, ?, ?, ?, ?)';
/** The generations not in the JSON array of kept starts: found in the small generation table, their records by primary key. */
const DROP_RECORDS_OF_OTHER_GENERATIONS = `DELETE FROM sample_record WHERE model = ? AND version = ? AND start_ms IN (
  SELECT start_ms FROM sample_generation WHERE model = ? AND version = ? AND start_ms NOT IN (SELECT value FROM json_each(?)))`;
const DROP_OTHER_GENERATIONS = 'DELETE FROM sample_generation WHERE model = ? AND version = ? AND start_ms NOT IN (SELECT value FROM json_each(?))';

/** What `sampleWrites` kept of one model version, for `RecentSample.restore`; empty when nothing. */
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
