import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Debian's Python with pandas, for the tests that check the sample export opens in
 * pandas. The `python3` first on a developer's PATH may lack pandas, so the path is
 * fixed. In CI (CI=true; .ci/run installs python3-pandas) a missing pandas is a
 * failure, never a skip; elsewhere the tests skip and say how to install it.
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Why the pandas tests cannot run here, or undefined when they can (or must, in CI). */
export function pandasUnavailable(): string | undefined {
  if (process.env.CI === 'true') return undefined;
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} is not installed (apt-get install python3-pandas; .ci/run does it)`;
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import pandas'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 ? undefined : `${SYSTEM_PYTHON} has no pandas (apt-get install python3-pandas; .ci/run does it)`;
}
