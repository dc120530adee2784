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
  /** Where `ml.model.name` is. */
  readonly model: number;
  /** Features in the span. */
  readonly features: number;

  private constructor(keys: readonly string[], roles: Uint8Array, columnOf: Int32Array, model: number, features: number) {
    this.keys = keys;
    this.roles = roles;
    this.columnOf = columnOf;
    this.model = model;
    this.features = features;
  }

  /**
   * The layout of span `index`, or undefined when the span has `ml.batch.size` (rows
   * are read by position only from spans without one) or no `ml.model.name`.
   */
  static of(table: SpanTable, index: number, attributeRoles: AttributeRoles): SpanLayout | undefined {
    const keys = table.keys.slice(table.attributeStart(index), table.attributeEnds[index]);
    const roles = new Uint8Array(keys.length);
    const columnOf = new Int32Array(keys.length).fill(ABSENT);
    let model = ABSENT;
    let features = 0;
    let classes = 0;
    for (let p = 0; p < keys.length; p++) {
      const role = attributeRoles.of(keys[p]).role;
      roles[p] = role;
      if (role === Role.FEATURE) columnOf[p] = features++;
      else if (role === Role.PROBA) columnOf[p] = classes++;
      else if (role === Role.MODEL_NAME) model = p;
      else if (role === Role.BATCH_SIZE) return undefined;
    }
    return model === ABSENT ? undefined : new SpanLayout(keys, roles, columnOf, model, features);
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
