/**
 * The flags of `modelwatch serve` that override the file, as commander hands them
 * over (strings, or numbers if the caller parsed them). Each maps onto one key of
 * the file and is checked by the same schema, so a flag's problem reads like the
 * key's, with the flag named.
 */
export interface ServeFlags {
  /** `--host`: receiver.host */
  host?: string;
  /** `--port`: receiver.port */
  port?: string | number;
  /** `--grpc-port`: receiver.grpc_port (0 turns the OTLP/gRPC receiver off) */
  grpcPort?: string | number;
  /** `--prometheus-port`: prometheus.port (0 turns the endpoint off) */
  prometheusPort?: string | number;
  /** `--export-endpoint URL`: export.endpoint */
  exportEndpoint?: string;
  /** `--window DURATION`: windows.duration */
  window?: string;
  /** `--min-window-records N`: windows.min_records */
  minWindowRecords?: string | number;
  /** `--reference-size N`: reference.size */
  referenceSize?: string | number;
  /** `--data-dir DIR`: data_dir */
  dataDir?: string;
}

interface FlagTarget {
  readonly flag: string;
  readonly path: readonly string[];
  readonly numeric: boolean;
}

const TARGETS: Readonly<Record<keyof ServeFlags, FlagTarget>> = {
  host: { flag: '--host', path: ['receiver', 'host'], numeric: false },
  port: { flag: '--port', path: ['receiver', 'port'], numeric: true },
  grpcPort: { flag: '--grpc-port', path: ['receiver', 'grpc_port'], numeric: true },
  prometheusPort: { flag: '--prometheus-port', path: ['prometheus', 'port'], numeric: true },
  exportEndpoint: { flag: '--export-endpoint', path: ['export', 'endpoint'], numeric: false },
  window: { flag: '--window', path: ['windows', 'duration'], numeric: false },
  minWindowRecords: { flag: '--min-window-records', path: ['windows', 'min_records'], numeric: true },
  referenceSize: { flag: '--reference-size', path: ['reference', 'size'], numeric: true },
  dataDir: { flag: '--data-dir', path: ['data_dir'], numeric: false },
};

/** A flag's value placed at its key, and which flag set which key path (for messages). */
export interface AppliedFlags {
  /** Key paths (`receiver.port`) to the flag that set them (`--port`). */
  readonly flagByKeyPath: ReadonlyMap<string, string>;
}

/**
 * Writes the flags that were given onto the raw (not yet validated) configuration,
 * in place. A numeric flag whose text is a plain integer becomes that number; any
 * other text is left as is, so the schema reports it as the key's wrong value.
 *
 * @param raw the parsed YAML mapping (or `{}`); its sections are created as needed
 */
export function applyFlags(raw: Record<string, unknown>, flags: ServeFlags): AppliedFlags {
  const flagByKeyPath = new Map<string, string>();
  for (const [name, target] of Object.entries(TARGETS) as [keyof ServeFlags, FlagTarget][]) {
    const value = flags[name];
    if (value === undefined) continue;
    const parent = sectionOf(raw, target.path.slice(0, -1));
    // A section that is not a mapping is already an error in the file; the flag waits for its fix.
    if (parent === undefined) continue;
    parent[target.path[target.path.length - 1]] = target.numeric ? asNumber(value) : value;
    flagByKeyPath.set(target.path.join('.'), target.flag);
  }
  return { flagByKeyPath };
}

function sectionOf(raw: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let parent = raw;
  for (const key of path) {
    const child = parent[key];
    if (child === undefined) parent = parent[key] = {};
    else if (isMapping(child)) parent = child;
    else return undefined;
  }
  return parent;
}

function asNumber(value: string | number): string | number {
  if (typeof value === 'number') return value;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
