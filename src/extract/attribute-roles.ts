/**
 * What an attribute key means in an inference span (CONVENTIONS.md §1). Numbers, so
 * the extractor's per-attribute switch stays a jump table.
 */
export const Role = {
  OTHER: 0,
  FEATURE: 1,
  PROBA: 2,
  MODEL_NAME: 3,
  MODEL_VERSION: 4,
  MODEL_TASK: 5,
  BATCH_SIZE: 6,
  INFERENCE_ID: 7,
  PREDICTION: 8,
  SCORE: 9,
  LABEL: 10,
  ERROR_TYPE: 11,
} as const;

/** An attribute key's role, and for a feature or class probability its name after the prefix. */
export interface AttributeRole {
  readonly role: number;
  /** The feature or class name for FEATURE and PROBA (may be ''), else the key. */
  readonly name: string;
}

/** What reads a span's attributes needs: the role of the key at each position (AttributeRoles, or a stand-in). */
export interface RoleLookup {
  at(position: number, key: string): AttributeRole;
}

/** `ml.feature.<name>`: one input feature. */
export const FEATURE_PREFIX = 'ml.feature.';
/** `ml.prediction.proba.<class>`: one class probability. */
export const PROBA_PREFIX = 'ml.prediction.proba.';

const EXACT: ReadonlyMap<string, number> = new Map([
  ['ml.model.name', Role.MODEL_NAME],
  ['ml.model.version', Role.MODEL_VERSION],
  ['ml.model.task', Role.MODEL_TASK],
  ['ml.batch.size', Role.BATCH_SIZE],
  ['ml.inference.id', Role.INFERENCE_ID],
  ['ml.prediction', Role.PREDICTION],
  ['ml.prediction.score', Role.SCORE],
  ['ml.label', Role.LABEL],
  ['error.type', Role.ERROR_TYPE],
]);

/** The role of a key, worked out from scratch. */
export function classifyKey(key: string): AttributeRole {
  const exact = EXACT.get(key);
  if (exact !== undefined) return { role: exact, name: key };
  if (key.startsWith(FEATURE_PREFIX)) return { role: Role.FEATURE, name: key.slice(FEATURE_PREFIX.length) };
  if (key.startsWith(PROBA_PREFIX)) return { role: Role.PROBA, name: key.slice(PROBA_PREFIX.length) };
  return { role: Role.OTHER, name: key };
}

/**
 * A remembered key's role, with the last span that carried the key: one AttributeRoles
 * holds a single KeyRole per distinct key (until it starts over), so a walk over a
 * span's attributes finds a repeated key by comparing one number (see `nextSpan`),
 * without hashing.
 */
export class KeyRole implements AttributeRole {
  readonly role: number;
  readonly name: string;
  /** The number `nextSpan` gave the last span that had this key; 0 before any. */
  seenInSpan = 0;

  constructor(known: AttributeRole) {
    this.role = known.role;
    this.name = known.name;
  }
}

/** Keys remembered at most; past this the cache starts over, so odd keys cannot grow it without bound. */
export const MAX_REMEMBERED_KEYS = 4096;

/** Attribute positions whose last key is remembered (see AttributeRoles.at); later ones are looked up by key. */
export const REMEMBERED_POSITIONS = 256;

/** What every remembered position starts with; never marked (seenInSpan is for keys with a role). */
const OTHER_EMPTY: KeyRole = new KeyRole(classifyKey(''));

/**
 * Remembers the role of each attribute key it has seen. A service sends the same few
 * dozen keys in every span, and on the ingest hot path one hash lookup is about twice
 * as fast as prefix tests on each key (bench/extract.ts); the remembered feature name
 * also carries its hash already, which makes building the batch's feature map cheaper
 * than hashing a fresh slice of the key.
 *
 * It also remembers the key seen last at each attribute position (`at`): an
 * instrumented service sets its attributes in the same order in every span, and the
 * protobuf decoder hands out the same string for the same key, so most keys are
 * recognised by one comparison, without hashing.
 */
export class AttributeRoles implements RoleLookup {
  readonly #roles = new Map<string, KeyRole>();
  readonly #lastKeys: string[] = new Array<string>(REMEMBERED_POSITIONS).fill('');
  readonly #lastRoles: KeyRole[] = new Array<KeyRole>(REMEMBERED_POSITIONS).fill(OTHER_EMPTY);
  #spans = 0;
  #generation = 0;
  /**
   * The feature names of the span read last from a SpanTable, for the next span to
   * share when it names the same features (see InferenceAttributes).
   */
  lastFeatureNames: readonly string[] | undefined = undefined;

  /** The role of `key`, the attribute at `position` (0-based) of its span: the same answer as `of(key)`. */
  at(position: number, key: string): KeyRole {
    if (position >= REMEMBERED_POSITIONS) return this.of(key);
    if (this.#lastKeys[position] === key) return this.#lastRoles[position];
    const role = this.of(key);
    this.#lastKeys[position] = key;
    this.#lastRoles[position] = role;
    return role;
  }

  of(key: string): KeyRole {
    let role = this.#roles.get(key);
    if (role === undefined) {
      role = new KeyRole(classifyKey(key));
      if (this.#roles.size >= MAX_REMEMBERED_KEYS) this.#startOver();
      this.#roles.set(key, role);
    }
    return role;
  }

  /**
   * A number for the next span, larger than any before: a walk marks each key's
   * KeyRole with it (`seenInSpan`), and a key already marked with it is repeated in
   * the span. Valid while `generation` stays the same.
   */
  nextSpan(): number {
    return ++this.#spans;
  }

  /**
   * Changes when the roles start over (more than MAX_REMEMBERED_KEYS keys): from then
   * on a key gets a new KeyRole, so a span walked across the change cannot trust its marks.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets every key, the positions too, so no KeyRole from before stays in use. */
  #startOver(): void {
    this.#roles.clear();
    this.#lastKeys.fill('');
    this.#lastRoles.fill(OTHER_EMPTY);
    this.#generation++;
  }
}
