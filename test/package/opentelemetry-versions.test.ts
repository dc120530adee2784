import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every installed copy of an @opentelemetry package, wherever npm nested it. */
function installedOpenTelemetry(dir: string, found: Map<string, string[]>): Map<string, string[]> {
  const scope = join(dir, 'node_modules', '@opentelemetry');
  if (existsSync(scope)) {
    for (const name of readdirSync(scope)) {
      const pkg = join(scope, name);
      const { version, repository } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string; repository?: unknown };
      // Only the core repository's packages share one release train; contrib's (auto-instrumentations-node,
      // instrumentation-express, resource detectors...) are versioned each on its own.
      const tag = JSON.stringify(repository ?? '').includes('opentelemetry-js-contrib') ? `${version} (contrib)` : version;
      found.set(`@opentelemetry/${name}`, [...(found.get(`@opentelemetry/${name}`) ?? []), tag]);
      installedOpenTelemetry(pkg, found);
    }
  }
  const modules = join(dir, 'node_modules');
  if (existsSync(modules)) {
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.') || entry === '@opentelemetry') continue;
      const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => join(entry, n)) : [entry];
      for (const name of names) installedOpenTelemetry(join(modules, name), found);
    }
  }
  return found;
}

test('one copy of each OpenTelemetry package, from one consistent release set', () => {
  const found = installedOpenTelemetry(root, new Map());
  assert.ok(found.has('@opentelemetry/api'), 'the OpenTelemetry API is installed');
  for (const [name, versions] of found) {
    assert.equal(versions.length, 1, `${name} is installed ${versions.length} times: ${versions.join(', ')}`);
    const [version] = versions;
    if (name === '@opentelemetry/api') assert.match(version, /^1\.9\./, name);
    else if (name === '@opentelemetry/semantic-conventions' || version.endsWith('(contrib)')) continue;
    else assert.match(version, /^(2\.12\.|0\.223\.)/, `${name}@${version} is outside the pinned 2.12.x / 0.223.x set`);
  }
});
