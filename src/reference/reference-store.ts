import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureValue, ModelKey } from '../extract/inference-batch.js';

/** What a stored reference file holds (format 1). */
interface StoredReference {
  readonly format: 1;
  readonly model: string;
  readonly version: string;
  /** The reference rows, column by column, aligned by row (null: missing). */
  readonly columns: Record<string, FeatureValue[]>;
}

/**
 * References collected from traffic, kept in `<data dir>/references/` so a restarted
 * processor monitors at once instead of collecting them again (the first records
 * after a restart are not the reference's: they may already have drifted). The raw
 * reference rows are kept, not profiles, so monitors rebuilt from them equal the
 * ones built when the reference was collected. One JSON file per model version,
 * written to a temporary name and renamed, so a crash leaves the old file or the
 * new one, never half of one.
 *
 * `modelwatch serve --data-dir` keeps references in SQLite instead, with the rest of
 * its state (src/store, which imports these files); this file store remains for a
 * MonitoringPipeline given a data dir and no other keeper.
 */
export class ReferenceStore {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'references');
  }

  /** The stored reference columns of a version, or undefined when none was stored. */
  load(key: ModelKey): Map<string, FeatureValue[]> | undefined {
    let text: string;
    try {
      text = readFileSync(this.#fileOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stored = JSON.parse(text) as StoredReference;
    if (stored.format !== 1 || stored.model !== key.model || stored.version !== key.version) {
      throw new Error(`${this.#fileOf(key)} is not a stored reference of ${key.model} ${key.version}`);
    }
    return new Map(Object.entries(stored.columns));
  }

  /** Stores a version's reference columns, replacing any stored before. */
  save(key: ModelKey, columns: ReadonlyMap<string, readonly FeatureValue[]>): void {
    mkdirSync(this.#dir, { recursive: true });
    const stored: StoredReference = { format: 1, model: key.model, version: key.version, columns: Object.fromEntries(columns) as StoredReference['columns'] };
    const file = this.#fileOf(key);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, file);
  }

  /** Forgets a version's stored reference (the admin API's reset). */
  delete(key: ModelKey): void {
    rmSync(this.#fileOf(key), { force: true });
  }

  /** Any model and version text maps to one safe file name, and back without ambiguity. */
  #fileOf(key: ModelKey): string {
    return join(this.#dir, `${encodeURIComponent(key.model)}@${encodeURIComponent(key.version)}.json`);
  }
}
