import { concat, FuzzRandom, INVALID_UTF8, mutateRawBytes } from './fuzz-random.js';

/*
 * A structure-aware JSON mutator: a valid body is parsed, one value in it is
 * replaced (a wrong type, NaN, Infinity, a huge or negative number, a lone surrogate,
 * a deep array, a key sent twice, a very long array), and the tree is written back
 * with a serializer that can spell what JSON.stringify cannot (NaN, 1e999, duplicate
 * keys). Text-level damage (truncation, invalid UTF-8, flipped bytes) comes on top.
 */

/** Text written into the body as it is, where JSON.stringify would refuse or change it. */
class RawJson {
  constructor(readonly text: string) {}
}

/** An object written with the same key more than once. */
class DuplicateKeys {
  constructor(readonly entries: readonly [string, unknown][]) {}
}

function write(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof DuplicateKeys) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) slot of the tree. */
function slots(value: unknown, out: { holder: Container; key: string | number }[] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ holder: value, key: i });
      slots(v, out);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof RawJson) && !(value instanceof DuplicateKeys)) {
    for (const [k, v] of Object.entries(value)) {
      out.push({ holder: value as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

function deepArray(depth: number): RawJson {
  return new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
}

/** A replacement value: odd numbers, wrong types, odd strings, deep or long structures. */
function oddValue(random: FuzzRandom, old: unknown): unknown {
  switch (random.below(16)) {
    case 0: return new RawJson(random.pick(['NaN', 'Infinity', '-Infinity', 'nan', 'undefined']));
    case 1: return new RawJson(random.pick(['1e999', '-1e999', '1e-999', '123456789012345678901234567890', '-0', '0.0e0', '1E+2', '01', '.5', '5.', '0x10', '+1']));
    case 2: return random.pick([2 ** 53 + 1, -(2 ** 63), 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, -1, 1.5]);
    case 3: return random.pick(['18446744073709551616', '-1', '1.5', '9007199254740993', '1e3', ' 12', '', 'NaN', 'Infinity']);
    case 4: return random.pick([null, true, false, 0, '', [], {}]);
    case 5: return '\ud800' + 'x' + '\udfff';
    case 6: return 'x'.repeat(random.size(100_000));
    case 7: return deepArray(random.size(20_000));
    case 8: return { values: Array.from({ length: random.size(2000) }, () => old) };
    case 9: return Array.from({ length: random.size(5000) }, () => old);
    case 10: return typeof old === 'string' ? old.slice(0, random.below(old.length + 1)) + random.pick(['z', 'ZZ', '\u0000', 'é']) : String(old);
    case 11: return typeof old === 'number' ? -old : typeof old === 'string' && /^\d+$/.test(old) ? Number(old) : [old];
    case 12: return { stringValue: old, intValue: old, doubleValue: old };
    case 13: return { kvlistValue: { values: [{ key: 'k', value: { arrayValue: { values: [old] } } }] } };
    case 14: { // written as text: the serializer recurses, and this is deeper than its stack
      const depth = random.size(3000);
      return new RawJson(`${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"leaf"}${'}]}}'.repeat(depth)}`);
    }
    default: return typeof old === 'object' && old !== null ? new DuplicateKeys([...Object.entries(old), ...Object.entries(old).map(([k]) => [k, null] as [string, unknown])]) : old;
  }
}

/** One change to a valid JSON body (as bytes, since a body may hold invalid UTF-8). */
export function mutateJson(random: FuzzRandom, input: Uint8Array): Uint8Array {
  let tree: unknown;
  try {
    tree = JSON.parse(new TextDecoder().decode(input));
  } catch {
    return mutateRawBytes(random, input);
  }
  const kind = random.below(10);
  if (kind === 0) return mutateRawBytes(random, input);
  const all = slots(tree);
  if (all.length === 0) return mutateRawBytes(random, input);
  const { holder, key } = random.pick(all);
  const old = (holder as Record<string | number, unknown>)[key];
  if (kind === 1 && !Array.isArray(holder)) {
    const entries = Object.entries(holder);
    const i = entries.findIndex(([k]) => k === key);
    entries.splice(i + 1, 0, [key as string, oddValue(random, old)]);
    replaceObject(holder, new DuplicateKeys(entries), tree);
  } else if (kind === 2) {
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete holder[key];
  } else if (kind === 3) {
    (holder as Record<string | number, unknown>)[key] = oddValue(random, old);
    const text = new TextEncoder().encode(write(tree));
    return random.chance(0.5) ? text.subarray(0, random.below(text.length + 1)) : text;
  } else if (kind === 4 && typeof old === 'string') {
    const text = new TextEncoder().encode(write(tree));
    const marker = new TextEncoder().encode(JSON.stringify(old));
    const at = indexOf(text, marker);
    if (at >= 0) return concat(text.subarray(0, at + 1), random.pick(INVALID_UTF8), text.subarray(at + 1));
  } else {
    (holder as Record<string | number, unknown>)[key] = oddValue(random, old);
  }
  return new TextEncoder().encode(write(tree));
}

/** Swaps `object` for a DuplicateKeys where its parent holds it (the root cannot be swapped and is left). */
function replaceObject(object: Container, replacement: DuplicateKeys, root: unknown): void {
  for (const { holder, key } of slots(root)) {
    if ((holder as Record<string | number, unknown>)[key] === object) {
      (holder as Record<string | number, unknown>)[key] = replacement;
      return;
    }
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).indexOf(Buffer.from(needle));
}
