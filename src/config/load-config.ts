import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { readAuthTokens } from '../auth/token-sources.js';
import { readPeerTls, readPeerToken } from '../scale-out/peer-token.js';
import { readTlsFiles } from '../auth/tls-files.js';
import { ModelwatchError } from '../errors.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { problemsFromIssues } from './config-problems.js';
import { deepFreeze, type DeepReadonly } from './deep-freeze.js';
import { referenceFileKind } from './reference-file-kind.js';
import { applyFlags, type ServeFlags } from './serve-flags.js';
import { serveConfigSchema, type ServeConfig } from './serve-config-schema.js';

/** The configuration `modelwatch serve` runs with: every key set, paths absolute, frozen. */
export type LoadedConfig = DeepReadonly<ServeConfig>;

/** Where a configuration's text came from, for messages and relative paths. */
export interface ConfigSource {
  /** Named in messages: the file path, or `defaults` / `command line`. */
  readonly name: string;
  /** Folder that relative paths in the text are resolved against. */
  readonly baseDir: string;
}

/**
 * Loads `modelwatch serve`'s configuration: parse the YAML file (none: an empty one)
 * → lay the flags over it → apply defaults and validate → resolve paths → freeze.
 *
 * @param path the `--config` file; undefined runs on defaults and flags alone
 * @param flags the command-line flags that override the file
 * @throws ModelwatchError MODELWATCH_ERR_FILE_UNREADABLE when the file cannot be read
 * @throws ConfigError MODELWATCH_ERR_CONFIG with every problem found, each at its key path
 */
export function loadConfig(path?: string, flags: ServeFlags = {}): LoadedConfig {
  if (path === undefined) {
    const given = Object.values(flags).some((value) => value !== undefined);
    return parseConfig('', { name: given ? 'command line' : 'defaults', baseDir: process.cwd() }, flags);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_FILE_UNREADABLE', path, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return parseConfig(text, { name: path, baseDir: dirname(resolve(path)) }, flags);
}

/**
 * {@link loadConfig} on YAML text already in hand (a test, or a reload through an
 * admin endpoint).
 *
 * @throws ConfigError MODELWATCH_ERR_CONFIG with every problem found
 */
export function parseConfig(text: string, source: ConfigSource, flags: ServeFlags = {}): LoadedConfig {
  // logLevel 'error': a mapping used as a key is reported below as an unknown key; the library's process warning about it only adds noise.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error', lineCounter });
  if (document.errors.length > 0) {
    throw new ConfigError(source.name, document.errors.map((error) => {
      const at = error.linePos?.[0];
      return {
        path: at === undefined ? '(YAML)' : `line ${at.line}, column ${at.col}`,
        message: `${error.message.split(' at line ')[0]}; fix the YAML there`,
      };
    }));
  }
  const recursive = recursiveAliasProblems(document, lineCounter);
  if (recursive.length > 0) throw new ConfigError(source.name, recursive);
  const raw: unknown = dropEmptyValues(documentValue(document, source.name) ?? {});
  if (!isMapping(raw)) {
    throw new ConfigError(source.name, [{ path: '(top level)', message: 'expected a mapping of modelwatch settings (receiver:, windows:, models: ...), got a list or a single value' }]);
  }
  const { flagByKeyPath } = applyFlags(raw, flags);
  const parsed = serveConfigSchema.safeParse(raw);
  const problems: ConfigProblem[] = parsed.success ? [] : problemsFromIssues(parsed.error.issues, (keyPath) => flagByKeyPath.get(keyPath));
  const baseDirOf = (keyPath: string) => (flagByKeyPath.has(keyPath) ? process.cwd() : source.baseDir);
  problems.push(...referenceFileProblems(raw, source.baseDir), ...dataDirProblems(raw, baseDirOf('data_dir'), flagByKeyPath.get('data_dir')));
  if (parsed.success) {
    problems.push(...readAuthTokens(parsed.data.receiver.auth, source.baseDir).problems, ...readTlsFiles(parsed.data.receiver.tls, source.baseDir).problems,
      ...readPeerToken(parsed.data.scale_out, source.baseDir).problems, ...readPeerTls(parsed.data.scale_out.tls, source.baseDir).problems);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(source.name, problems);
  return deepFreeze(withAbsolutePaths(parsed.data, source.baseDir, baseDirOf('data_dir')));
}

/**
 * Aliases inside the very value their anchor names (`a: &a [*a]`): YAML allows them,
 * and the library makes them into a value that contains itself, which no setting can
 * be and which every walk over the configuration would follow without end (found by
 * fuzzing: a stack overflow, not an error). Each is reported where it is written.
 */
function recursiveAliasProblems(document: Document, lineCounter: LineCounter): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(document, {
    Alias(_key, alias, ancestors) {
      const target = alias.resolve(document);
      if (target === undefined || !ancestors.includes(target)) return;
      const { line, col } = lineCounter.linePos(alias.range?.[0] ?? 0);
      problems.push({
        path: `line ${line}, column ${col}`,
        message: `the alias *${alias.source} is inside the value its anchor names, which would make that value contain itself; write the values out instead`,
      });
    },
  });
  return problems;
}

/**
 * The document as plain values. The yaml library parses an alias to an anchor that
 * is not there, or an alias bomb (a "billion laughs"), without an error and throws a
 * ReferenceError only here: reported like any other YAML mistake (found by fuzzing).
 */
function documentValue(document: ReturnType<typeof parseDocument>, sourceName: string): unknown {
  try {
    return document.toJS({ maxAliasCount: 1_000 });
  } catch (error) {
    const reason = /Excessive alias count/.test((error as Error).message)
      ? 'aliases expand to too many values (more than 1000); write the values out, or use fewer aliases'
      : `${(error as Error).message}; define the anchor (&name) before its alias (*name)`;
    throw new ConfigError(sourceName, [{ path: '(YAML)', message: reason }]);
  }
}

/**
 * An empty value in a mapping (`receiver:` with nothing under it) means "the
 * defaults", as in a Collector config; in a list it stays, and is reported.
 */
function dropEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyValues);
  if (!isMapping(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) out[key] = dropEmptyValues(child);
  return out;
}

/**
 * Reference files that are not there, or whose kind cannot be told from the name:
 * checked alongside the schema so every problem shows at once.
 */
function referenceFileProblems(raw: Record<string, unknown>, baseDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const models = Array.isArray(raw.models) ? raw.models : [];
  models.forEach((model, index) => {
    const reference = isMapping(model) && isMapping(model.reference) ? model.reference : {};
    for (const key of ['file', 'profile'] as const) {
      const file = reference[key];
      if (typeof file !== 'string' || file.trim() === '') continue;
      const path = `models[${index}].reference.${key}`;
      const reason = fileProblem(resolve(baseDir, file.trim()));
      if (reason !== undefined) {
        problems.push({ path, message: `${reason}; fix the path (relative paths start at the configuration file's folder)` });
      } else if (key === 'file' && referenceFileKind(file) === undefined) {
        problems.push({ path, message: `cannot tell the kind of ${file} from its extension; name it .csv, .tsv, .jsonl or .ndjson (data) or .json (a saved profile), or use profile: for a saved profile` });
      }
    }
  });
  return problems;
}

function fileProblem(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? undefined : `${path} is not a file`;
  } catch (error) {
    return `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
}

/** A data_dir that exists must be a folder; one that does not is created when state is first kept. */
function dataDirProblems(raw: Record<string, unknown>, baseDir: string, flag: string | undefined): ConfigProblem[] {
  if (typeof raw.data_dir !== 'string' || raw.data_dir.trim() === '') return [];
  const path = resolve(baseDir, raw.data_dir.trim());
  try {
    if (statSync(path).isDirectory()) return [];
  } catch {
    return [];
  }
  return [{ path: flag === undefined ? 'data_dir' : `${flag} (data_dir)`, message: `${path} exists and is not a folder; name a folder, or a path that does not exist yet` }];
}

function withAbsolutePaths(config: ServeConfig, baseDir: string, dataDirBase: string): ServeConfig {
  return {
    ...config,
    models: config.models.map((model) => model.reference === undefined ? model : {
      ...model,
      reference: {
        ...model.reference,
        ...(model.reference.file === undefined ? {} : { file: resolve(baseDir, model.reference.file) }),
        ...(model.reference.profile === undefined ? {} : { profile: resolve(baseDir, model.reference.profile) }),
      },
    }),
    ...(config.data_dir === undefined ? {} : { data_dir: resolve(dataDirBase, config.data_dir) }),
    receiver: { ...config.receiver, auth: absoluteAuthPaths(config.receiver.auth, baseDir), tls: absoluteTlsPaths(config.receiver.tls, baseDir) },
    webhook: config.webhook.secret_file === undefined ? config.webhook : { ...config.webhook, secret_file: resolve(baseDir, config.webhook.secret_file) },
    scale_out: absoluteScaleOutPaths(config.scale_out, baseDir),
  };
}

function absoluteScaleOutPaths(scaleOut: ServeConfig['scale_out'], baseDir: string): ServeConfig['scale_out'] {
  const absolute = <K extends string>(key: K, file: string | undefined) => (file === undefined ? {} : { [key]: resolve(baseDir, file) });
  const { tls } = scaleOut;
  return {
    ...scaleOut,
    ...absolute('token_file', scaleOut.token_file),
    tls: { ...tls, ...absolute('ca_file', tls.ca_file), ...absolute('cert_file', tls.cert_file), ...absolute('key_file', tls.key_file) },
  };
}

function absoluteAuthPaths(auth: ServeConfig['receiver']['auth'], baseDir: string): ServeConfig['receiver']['auth'] {
  return {
    ...auth,
    ...(auth.tokens_file === undefined ? {} : { tokens_file: resolve(baseDir, auth.tokens_file) }),
    ...(auth.admin_tokens_file === undefined ? {} : { admin_tokens_file: resolve(baseDir, auth.admin_tokens_file) }),
  };
}

function absoluteTlsPaths(tls: ServeConfig['receiver']['tls'], baseDir: string): ServeConfig['receiver']['tls'] {
  const out: Record<string, string> = {};
  for (const [key, file] of Object.entries(tls)) if (typeof file === 'string') out[key] = resolve(baseDir, file);
  return out as ServeConfig['receiver']['tls'];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
