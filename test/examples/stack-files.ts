import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

/**
 * The files of examples/stack as the tests read them: paths, parsed YAML, and how a
 * path inside a container maps back to a file of the repository through the compose
 * file's bind mounts.
 */

/** Tests run from dist/test/examples/: the repository is three levels up. */
export const REPO = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const STACK = join(REPO, 'examples/stack');
export const COMPOSE_FILE = join(STACK, 'docker-compose.yaml');

/** Parses a YAML file, refusing duplicate keys (which YAML loaders resolve silently, each its own way). */
export function readYaml<T = any>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) as T;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  restart?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const compose = () => readYaml<ComposeFile>(COMPOSE_FILE);

/** A volume entry `source:target[:mode]`: a bind mount when the source is a path, else a named volume. */
export interface Mount {
  source: string;
  target: string;
  bind: boolean;
}

export function mountsOf(service: ComposeService): Mount[] {
  return (service.volumes ?? []).map((entry) => {
    const [source, target] = entry.split(':');
    const bind = source.startsWith('.') || source.startsWith('/');
    return { source: bind ? resolve(STACK, source) : source, target, bind };
  });
}

/**
 * The repository file a container path of `service` shows, through the bind mount whose
 * target is that path or a folder above it (the deepest one wins, as in the container);
 * undefined when no bind mount covers it.
 */
export function hostPathOf(service: ComposeService, containerPath: string): string | undefined {
  const covering = mountsOf(service)
    .filter((m) => containerPath === m.target || containerPath.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  if (covering === undefined || !covering.bind) return undefined;
  return join(covering.source, posix.relative(covering.target, containerPath));
}

/** The named volume mounted over `containerPath` in `service`, if any. */
export function namedVolumeAt(service: ComposeService, containerPath: string): string | undefined {
  const covering = mountsOf(service)
    .filter((m) => containerPath === m.target || containerPath.startsWith(`${m.target}/`))
    .sort((a, b) => b.target.length - a.target.length)[0];
  return covering !== undefined && !covering.bind ? covering.source : undefined;
}

/** The values of a repeated `--flag=value` or `--flag value` in a command. */
export function flagValues(command: string[], flag: string): string[] {
  const values: string[] = [];
  command.forEach((argument, index) => {
    if (argument.startsWith(`${flag}=`)) values.push(argument.slice(flag.length + 1));
    else if (argument === flag && index + 1 < command.length) values.push(command[index + 1]);
  });
  return values;
}

/** The container-side `host:port` of a URL. */
export function hostPort(url: string): { host: string; port: number } {
  const { hostname, port } = new URL(url.includes('://') ? url : `tcp://${url}`);
  return { host: hostname, port: Number(port) };
}

export const run = promisify(execFile);

/**
 * Why a Debian tool the stack tests run cannot run here, or undefined when it can. In
 * CI (CI=true) a missing tool is a failure, never a skip, as for Prometheus
 * (test/helpers/prometheus-server.ts).
 */
export function toolUnavailable(path: string, debianPackage: string): string | undefined {
  if (existsSync(path) || process.env.CI === 'true') return undefined;
  return `${path} is not installed (apt-get install ${debianPackage})`;
}

export const PROMTOOL = '/usr/bin/promtool';
export const DOCKER_COMPOSE = '/usr/bin/docker-compose';

/** True when `path` is a regular file (not a folder, not missing). */
export const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
