import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/load-config.js';

/*
 * Each failure the fuzz targets found, as its minimized input: the fix stays fixed
 * whatever the generators do later.
 */
const source = { name: 'fuzz.yaml', baseDir: process.cwd() };

function configProblem(yaml: string): string {
  try {
    parseConfig(yaml, source);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${(error as Error).name}: ${(error as Error).message}`);
    return error.message;
  }
  assert.fail('the configuration was taken');
}

describe('fuzz findings', () => {
  it('config: an alias to an anchor that is not there is a ConfigError (was a ReferenceError from the YAML library)', () => {
    const message = configProblem('receiver: *missing\n');
    assert.match(message, /fuzz\.yaml/);
    assert.match(message, /\(YAML\): Unresolved alias .*missing.*define the anchor/);
  });

  it('config: an alias bomb ("billion laughs") is a ConfigError (was a ReferenceError)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 4; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    assert.match(configProblem(lines.join('\n')), /\(YAML\): aliases expand to too many values/);
  });
});
