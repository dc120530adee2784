import { ModelwatchError } from '../errors.js';
import { DRIFT_METHODS, isDriftMethod } from '../evaluate/drift/drift-method.js';
import type { DriftOverride } from '../evaluate/drift/feature-drift.js';

/**
 * Parses one `--drift-method [FEATURE=]METHOD[:THRESHOLD]` value into the map of
 * per-feature overrides ("*" for every feature), e.g. `psi:0.2` or `age=ks:0.01`.
 */
export function addDriftSpec(spec: string, into: Map<string, DriftOverride>): Map<string, DriftOverride> {
  const equals = spec.lastIndexOf('=');
  const feature = equals === -1 ? '*' : spec.slice(0, equals);
  const [method, threshold, ...rest] = spec.slice(equals + 1).split(':');
  if (!isDriftMethod(method) || rest.length > 0) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE',
      `--drift-method ${JSON.stringify(spec)}: expected [FEATURE=]METHOD[:THRESHOLD] with METHOD one of ${DRIFT_METHODS.join(', ')}`);
  }
  const override: DriftOverride = threshold === undefined ? { method } : { method, threshold: parseThreshold(spec, threshold) };
  return into.set(feature, override);
}

function parseThreshold(spec: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new ModelwatchError('MODELWATCH_ERR_USAGE',
      `--drift-method ${JSON.stringify(spec)}: the threshold ${JSON.stringify(text)} is not a non-negative number`);
  }
  return value;
}
