import { cpus, platform, release, totalmem } from 'node:os';

/** The machine a benchmark ran on, for its JSON: figures mean little without it. */
export function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${platform()} ${release()}`,
    exposeGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
}
