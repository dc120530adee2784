export { loadConfig, parseConfig } from './load-config.js';
export type { LoadedConfig, ConfigSource } from './load-config.js';
export { serveConfigSchema } from './serve-config-schema.js';
export type {
  ServeConfig, ModelConfig, FeatureConfig, DriftConfig, DataQualityConfig, ExportConfig, PrometheusConfig,
} from './serve-config-schema.js';
export { applyFlags } from './serve-flags.js';
export type { ServeFlags, AppliedFlags } from './serve-flags.js';
export { parseDuration, tryParseDuration, formatDuration } from './duration.js';
export { tryParseByteSize } from './byte-size.js';
export { ConfigError } from './config-error.js';
export type { ConfigProblem } from './config-error.js';
export { modelSettings } from './model-settings.js';
export { referenceFileKind } from './reference-file-kind.js';
export type { ModelSettings } from './model-settings.js';
export { deepFreeze } from './deep-freeze.js';
export type { DeepReadonly } from './deep-freeze.js';
