import { readFileSync } from 'node:fs';
import type { ModelInstrumentationConfig, ModelOptions } from './types.js';

type ModelEntry = NonNullable<ModelInstrumentationConfig['models']>[number];

/**
 * The instrumentation's options from `MODELWATCH_*` variables, for zero-code starts:
 * - `MODELWATCH_MODELS_FILE`: a JSON file with an array of model entries (ModelOptions
 *   plus `match`, a substring of the model's path);
 * - for the default entry (models without a configured match): `MODELWATCH_MODEL_NAME`,
 *   `MODELWATCH_MODEL_VERSION`, `MODELWATCH_MODEL_TASK`, `MODELWATCH_FEATURE_NAMES`
 *   and `MODELWATCH_CLASSES` (comma-separated), `MODELWATCH_CAPTURE_INPUTS`
 *   (`all`, `none`, or comma-separated names), `MODELWATCH_SENSITIVE` (comma-separated),
 *   `MODELWATCH_HASH_KEY`, `MODELWATCH_MAX_TEXT_LENGTH`, `MODELWATCH_MAX_FEATURES`,
 *   `MODELWATCH_MODE` (`spans` or `profiles`).
 * @throws Error naming the variable, when one is malformed
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ModelInstrumentationConfig {
  const models: ModelEntry[] = env.MODELWATCH_MODELS_FILE ? modelsFile(env.MODELWATCH_MODELS_FILE) : [];
  const fallback = defaultEntry(env);
  if (Object.keys(fallback).length > 0) models.push(fallback as ModelEntry);
  return { models };
}

function modelsFile(path: string): ModelEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`MODELWATCH_MODELS_FILE: ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))) {
    throw new Error(`MODELWATCH_MODELS_FILE: ${path}: expected a JSON array of model objects`);
  }
  return parsed as ModelEntry[];
}

function defaultEntry(env: NodeJS.ProcessEnv): Partial<ModelOptions> {
  const entry: Partial<ModelOptions> = {};
  const text = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const list = (name: string) => text(name)?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const positive = (name: string) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
  const set = <K extends keyof ModelOptions>(key: K, value: ModelOptions[K] | undefined) => {
    if (value !== undefined) entry[key] = value;
  };
  set('name', text('MODELWATCH_MODEL_NAME'));
  set('version', text('MODELWATCH_MODEL_VERSION'));
  set('task', text('MODELWATCH_MODEL_TASK') as ModelOptions['task']);
  set('featureNames', list('MODELWATCH_FEATURE_NAMES'));
  set('classes', list('MODELWATCH_CLASSES'));
  const capture = text('MODELWATCH_CAPTURE_INPUTS');
  set('captureInputs', capture === undefined || capture === 'all' || capture === 'none' ? capture : list('MODELWATCH_CAPTURE_INPUTS'));
  set('sensitive', list('MODELWATCH_SENSITIVE'));
  set('hashKey', text('MODELWATCH_HASH_KEY'));
  set('maxTextLength', positive('MODELWATCH_MAX_TEXT_LENGTH'));
  set('maxFeatures', positive('MODELWATCH_MAX_FEATURES'));
  const mode = text('MODELWATCH_MODE');
  if (mode !== undefined && mode !== 'spans' && mode !== 'profiles') throw new Error(`MODELWATCH_MODE must be "spans" or "profiles", got "${mode}"`);
  set('mode', mode);
  return entry;
}
