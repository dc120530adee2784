import { createHash } from 'node:crypto';
import { compareCodePoints } from '../evaluate/performance/compare-code-points.js';

/**
 * The identity of a reference, for the audit log: the SHA-256 (lower-case hex) of the
 * reference's columns in canonical form, a JSON array of `[column name, values]` pairs
 * in code-point order of the names, each values array in row order, as
 * `JSON.stringify` writes it. The columns are what the durable store keeps (the
 * `reference` table holds the same names and values as a JSON object), so a kept
 * reference digests the same before and after a restart, whatever order its columns
 * were first seen in.
 *
 * Example: columns `{ plan: ['a', null], x: [1, 2] }` in either order digest
 * `sha256('[["plan",["a",null]],["x",[1,2]]]')`.
 */
export function referenceDigest(columns: ReadonlyMap<string, readonly unknown[]>): string {
  const names = [...columns.keys()].sort(compareCodePoints);
  const hash = createHash('sha256');
  // Column by column, so a large reference is never one string in memory.
  hash.update('[');
  names.forEach((name, index) => {
    hash.update(`${index === 0 ? '' : ','}[${JSON.stringify(name)},${JSON.stringify(columns.get(name))}]`);
  });
  hash.update(']');
  return hash.digest('hex');
}
