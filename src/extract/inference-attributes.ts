import type { AnyValue } from '../otlp/types.js';
import { Role } from './attribute-roles.js';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from './span-limits.js';

/**
 * The attributes of an inference span sorted by role (CONVENTIONS.md §1), as one
 * walk over them gathers them, not yet checked: what extractInferenceSpan reads
 * whether the attributes come from a Map (a decoded span) or from a SpanTable.
 */
export class InferenceAttributes {
  /** Whether `ml.model.name` was among the attributes, whatever its value. */
  hasModel = false;
  model: AnyValue | undefined = undefined;
  version: AnyValue | undefined = undefined;
  task: AnyValue | undefined = undefined;
  batchSize: AnyValue | undefined = undefined;
  errorType: AnyValue | undefined = undefined;
  ids: AnyValue | undefined = undefined;
  prediction: AnyValue | undefined = undefined;
  score: AnyValue | undefined = undefined;
  label: AnyValue | undefined = undefined;
  /** This span's feature names once they differ from the template's (see `featureNames`). */
  #names: string[] = [];
  /** Names of an earlier span, this span's own while its names match them from the first on. */
  #template: readonly string[] | undefined;
  #matched = 0;
  /** Per feature; the single-row path replaces each value by the row's value in place. */
  readonly featureValues: AnyValue[] = [];
  probaNames: string[] | undefined = undefined;
  probaValues: AnyValue[] | undefined = undefined;
  /** The first per-row attribute whose value is an array, and its length: the rows when ml.batch.size is absent. */
  firstArrayKey: string | undefined = undefined;
  firstArrayLength = 0;
  /** Every attribute of the span, read or not (set by the caller, who knows the count without walking). */
  attributeCount = 0;
  /** The first read attribute whose key or a string in its value is longer than the limits allow. */
  tooLongKey: string | undefined = undefined;
  readonly limits: SpanLimits;

  /**
   * @param sharedNames the feature names of the span read before (`featureNames`): a
   *   service names the same features in the same order in every span, and one array
   *   shared by their rows saves an array per span, and lets whoever compares two rows'
   *   names (sameShape, the sample) find them the same with one comparison. Only read.
   */
  constructor(limits: SpanLimits = DEFAULT_SPAN_LIMITS, sharedNames?: readonly string[]) {
    this.limits = limits;
    this.#template = sharedNames;
  }

  /** The feature names taken, in order: `sharedNames` itself when they are the same names. Not to be changed. */
  get featureNames(): readonly string[] {
    const template = this.#template;
    if (template !== undefined) {
      if (this.#matched === template.length) return template;
      this.#names = template.slice(0, this.#matched);
      this.#template = undefined;
    }
    return this.#names;
  }

  #takeName(name: string): void {
    const template = this.#template;
    if (template !== undefined) {
      if (template[this.#matched] === name) {
        this.#matched++;
        return;
      }
      this.#names = template.slice(0, this.#matched);
      this.#template = undefined;
    }
    this.#names.push(name);
  }

  /**
   * Takes the next attribute, in the span's order, with its role (see AttributeRoles)
   * and, for a feature or class probability, its name after the prefix.
   */
  take(role: number, name: string, key: string, value: AnyValue): void {
    if (role === Role.OTHER) return;
    if (this.tooLongKey === undefined && this.#tooLong(key, value)) this.tooLongKey = key;
    switch (role) {
      case Role.FEATURE: this.#takeName(name); this.featureValues.push(value); break;
      case Role.PROBA: (this.probaNames ??= []).push(name); (this.probaValues ??= []).push(value); break;
      case Role.INFERENCE_ID: this.ids = value; break;
      case Role.PREDICTION: this.prediction = value; break;
      case Role.SCORE: this.score = value; break;
      case Role.LABEL: this.label = value; break;
      case Role.MODEL_NAME: this.model = value; this.hasModel = true; return;
      case Role.MODEL_VERSION: this.version = value; return;
      case Role.MODEL_TASK: this.task = value; return;
      case Role.BATCH_SIZE: this.batchSize = value; return;
      case Role.ERROR_TYPE: this.errorType = value; return;
    }
    // Only per-row attributes reach here.
    if (this.firstArrayKey === undefined && Array.isArray(value)) {
      this.firstArrayKey = key;
      this.firstArrayLength = value.length;
    }
  }

  /** Whether the key or a string of the value (or of its array) is over `limits.stringLength`. */
  #tooLong(key: string, value: AnyValue): boolean {
    const most = this.limits.stringLength;
    if (key.length > most) return true;
    if (typeof value === 'string') return value.length > most;
    if (!Array.isArray(value)) return false;
    for (const element of value) if (typeof element === 'string' && element.length > most) return true;
    return false;
  }
}
