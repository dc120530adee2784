import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseConfig } from '../../src/config/load-config.js';
import { serveConfigSchema } from '../../src/config/serve-config-schema.js';
import { tryParseByteSize } from '../../src/config/byte-size.js';
import { tryParseDuration } from '../../src/config/duration.js';

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The rows of the README's configuration table (its "### Configuration" section): key path → default cell. */
function documentedKeys(): Map<string, string> {
  const rows = new Map<string, string>();
  const start = readme.indexOf('\n### Configuration\n');
  assert.ok(start >= 0, 'the README has a "### Configuration" section');
  const end = readme.indexOf('\n#', start + 1);
  for (const line of readme.slice(start, end < 0 ? undefined : end).split('\n')) {
    const match = /^\| `([a-z_][a-z_.[\]<>]*)` \| ([^|]+) \|/.exec(line);
    if (match !== null && !match[1].startsWith('--')) rows.set(match[1], match[2].trim());
  }
  return rows;
}

/** Every leaf key of the schema, as the table writes it: `models[].features.<name>.method`. */
function schemaKeys(schema: z.ZodType, prefix = ''): string[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, value]) => schemaKeys(value, prefix === '' ? key : `${prefix}.${key}`));
  }
  if (inner instanceof z.ZodArray && unwrap(inner.element as z.ZodType) instanceof z.ZodObject) return schemaKeys(inner.element as z.ZodType, `${prefix}[]`);
  if (inner instanceof z.ZodRecord && unwrap(inner.valueType as z.ZodType) instanceof z.ZodObject) {
    return schemaKeys(inner.valueType as z.ZodType, `${prefix}.<name>`);
  }
  return [prefix];
}

/** Past the wrappers (default, optional, pipe, transform) to the type that says what the key holds. */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType; type: string } } })._zod.def;
  if (def.innerType !== undefined) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in !== undefined) return unwrap(def.in);
  return schema;
}

test('the README\'s configuration table lists exactly the schema\'s keys', () => {
  const documented = [...documentedKeys().keys()].sort();
  const keys = schemaKeys(serveConfigSchema).sort();
  assert.deepEqual(documented, keys);
});

test('the README\'s defaults are the schema\'s', () => {
  const defaults = parseConfig('', { name: 'empty.yaml', baseDir: '/' }) as unknown as Record<string, Record<string, unknown>>;
  const valueOf = (key: string) => key.split('.')
    .reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], defaults);
  const documented = documentedKeys();
  let checked = 0;
  for (const [key, cell] of documented) {
    const literal = /^`([^`]+)`$/.exec(cell)?.[1];
    if (literal === undefined || key.startsWith('models[]')) continue;
    const actual = valueOf(key);
    // A default that names another key (`receiver.host`) is that key's value.
    const expected = documented.has(literal) ? valueOf(literal)
      : literal === 'true' || literal === 'false' ? literal === 'true'
      : /^-?\d+(\.\d+)?$/.test(literal) ? Number(literal)
        : tryParseByteSize(literal) ?? tryParseDuration(literal) ?? literal;
    assert.deepEqual(actual, expected, `${key}: README says ${cell}`);
    checked++;
  }
  assert.ok(checked >= 15, `checked ${checked} defaults`);
});
