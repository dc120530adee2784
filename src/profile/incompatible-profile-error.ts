import { ModelwatchError } from '../errors.js';

/**
 * Thrown by `merge()` when two profiles or sketches were built with different
 * parameters (bin edges, sketch accuracy, caps): their contents cannot be combined
 * exactly. Check `mergeable()` first to avoid it.
 */
export class IncompatibleProfileError extends ModelwatchError {
  constructor(what: string, reason: string) {
    super('MODELWATCH_ERR_PROFILE_INCOMPATIBLE', what, reason);
    this.name = 'IncompatibleProfileError';
  }
}
