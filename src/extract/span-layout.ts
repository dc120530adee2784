import type { SpanTable } from '../otlp/span-table.js';
import { Role, type AttributeRoles } from './attribute-roles.js';

/** Position of an attribute a layout does not have. */
export const ABSENT = -1;

/**
 * The attribute keys of a table span, in order, and what each means: taken from a
 * span that extraction read whole into a single-row batch (the run's head), so that
 * the spans after it with the very same keys can be read by position (TableRows)
 * without the roles being looked up again. An instrumented service sets the same
 * attributes in the same order in every span, and the protobuf decoder hands out the
 * same key string at the same position, so one comparison per key finds them equal.
 */
export class SpanLayout {
  readonly keys: readonly string[];
  /** The Role of the key at each position. */
  readonly roles: Uint8Array;
  /** For a FEATURE position its index in the head's feature names, for a PROBA one its class index; else ABSENT. */
  readonly columnOf: Int32Array;
  readonly model: number = ABSENT;
  readonly version: number = ABSENT;
  readonly task: number = ABSENT;
  readonly errorType: number = ABSENT;
  readonly inferenceId: number = ABSENT;
  readonly features: number = 0;

  /**
   * @returns undefined when the span has a key the layout does not read by position
   *   (`ml.batch.size`: rows are read only from spans without one)
   */
  static of(table: SpanTable, index: number, roles: AttributeRoles): SpanLayout | undefined {
    const start = table.attributeStart(index);
    const keys = table.keys.slice(start, table.attributeEnds[index]);
    const layout = new SpanLayout(keys, roles);
    return layout.#batchSized ? undefined : layout;
  }

  #batchSized = false;

  private constructor(keys: string[], roles: AttributeRoles) {
    this.keys = keys;
    this.roles = new Uint8Array(keys.length);
    this.columnOf = new Int32Array(keys.length).fill(ABSENT);
    const positions: Record<string, number> = {};
    let features = 0;
    let classes = 0;
    for (let p = 0; p < keys.length; p++) {
      const role = roles.of(keys[p]).role;
      this.roles[p] = role;
      switch (role) {
        case Role.FEATURE: this.columnOf[p] = features++; break;
        case Role.PROBA: this.columnOf[p] = classes++; break;
        case Role.MODEL_NAME: positions.model = p; break;
        case Role.MODEL_VERSION: positions.version = p; break;
        case Role.MODEL_TASK: positions.task = p; break;
        case Role.ERROR_TYPE: positions.errorType = p; break;
        case Role.INFERENCE_ID: positions.inferenceId = p; break;
        case Role.BATCH_SIZE: this.#batchSized = true; break;
      }
    }
    Object.assign(this, positions, { features });
  }

  /** Whether span `index` of the table has exactly these keys, in this order. */
  matches(table: SpanTable, index: number): boolean {
    const keys = this.keys;
    const start = table.attributeStart(index);
    if (table.attributeEnds[index] - start !== keys.length) return false;
    const tableKeys = table.keys;
    for (let p = 0; p < keys.length; p++) if (tableKeys[start + p] !== keys[p]) return false;
    return true;
  }
}
