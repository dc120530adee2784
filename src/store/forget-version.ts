import type { ModelKey } from '../extract/inference-batch.js';
import type { SqlWrite } from './sql-write.js';

/**
 * The writes that forget a deleted model version's retraining sample (its generations
 * and their records). Its kept reference goes through the reference keeper, and its
 * state leaves with the next snapshot, which these writes join, so a restart finds
 * all of it gone or none of it.
 */
export function forgetVersionWrites(key: ModelKey): SqlWrite[] {
  return [
    { sql: 'DELETE FROM sample_record WHERE model = ? AND version = ?', params: [key.model, key.version] },
    { sql: 'DELETE FROM sample_generation WHERE model = ? AND version = ?', params: [key.model, key.version] },
  ];
}
