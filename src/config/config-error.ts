import { ModelwatchError } from '../errors.js';

/** One thing wrong with the configuration: where (`models[2].features.amount.threshold`, or `--port`) and what to do. */
export interface ConfigProblem {
  /** The exact YAML key path, or the flag (with its key) when the value came from the command line. */
  readonly path: string;
  /** What is wrong and the fix, in one English sentence without a final period. */
  readonly message: string;
}

/**
 * Every problem found in a configuration, reported at once (fastify's and the
 * Collector's habit): fixing them one run at a time wastes a user's afternoon.
 * Code MODELWATCH_ERR_CONFIG: exit code 2, HTTP 400.
 */
export class ConfigError extends ModelwatchError {
  readonly source: string;
  readonly problems: readonly ConfigProblem[];

  /**
   * @param source the file, or `command line` / `defaults` when there is none
   * @param problems at least one
   */
  constructor(source: string, problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    const lines = problems.map((problem) => `  - ${problem.path}: ${problem.message}`);
    super('MODELWATCH_ERR_CONFIG', source, count, lines.join('\n'));
    this.name = 'ConfigError';
    this.source = source;
    this.problems = Object.freeze([...problems]);
  }
}
