import { CapturePolicy } from './capture-policy.js';
import type { InferenceHook, ModelOptions } from './types.js';

/** One model's options with its capture rules built once, as every call uses them. */
export class MonitoredModel {
  readonly options: Readonly<ModelOptions>;
  readonly policy: CapturePolicy;
  readonly onInference: InferenceHook | undefined;

  /** @throws TypeError when the name is empty, or a limit is not a positive integer */
  constructor(options: ModelOptions, onInference?: InferenceHook) {
    if (typeof options.name !== 'string' || options.name === '') throw new TypeError('modelwatch: a model needs a non-empty name');
    for (const key of ['maxTextLength', 'maxFeatures'] as const) {
      const value = options[key];
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        throw new TypeError(`modelwatch: ${key} of model "${options.name}" must be a positive integer, got ${value}`);
      }
    }
    this.options = Object.freeze({ ...options });
    this.policy = new CapturePolicy(options);
    this.onInference = onInference;
  }

  get name(): string {
    return this.options.name;
  }
}
