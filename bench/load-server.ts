/**
 * The load test's server: the real `modelwatch serve` CLI as a child process on
 * loopback (OTLP on a port the kernel picks, Prometheus on a free port), with its
 * resident memory read from /proc and its self-metrics scraped from /metrics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/helpers/free-port.js';
import { parsePrometheusText, scrape } from '../test/helpers/prometheus-text.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** Longest the CLI may take to print where it listens. */
const START_TIMEOUT_MS = 30_000;
/** Longest a stop (SIGTERM: open windows judged, exporters flushed) may take before SIGKILL. */
const STOP_TIMEOUT_MS = 30_000;

export interface ServeOptions {
  /** `--data-dir`: every accepted request journalled before its 200. */
  readonly dataDir?: string;
  /** `--window`; serve's default (60s) when unset. */
  readonly window?: string;
  /** YAML for `--config` (written to a temporary file); serve's defaults when unset. */
  readonly configYaml?: string;
}

/** The self-metrics the load test reads, summed over their attributes where it says so. */
export interface ServeCounters {
  /** `modelwatch_records_accepted_total{modelwatch_signal="traces"}`: spans answered as taken. */
  readonly acceptedSpans: number;
  readonly rejectedSpans: number;
  /** `modelwatch_records_processed_total`: rows the model registry took. */
  readonly processedRecords: number;
  readonly queueDepth: number;
  /** `modelwatch_limits_breaches_total` by `modelwatch_limit`. */
  readonly breaches: Readonly<Record<string, number>>;
}

/** A running `modelwatch serve`. */
export class ServeProcess {
  readonly #child: ChildProcess;
  readonly port: number;
  readonly #metricsUrl: string;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly #exited: Promise<void>;
  #stderr: string;

  private constructor(child: ChildProcess, port: number, metricsUrl: string, stderr: string) {
    this.#child = child;
    this.port = port;
    this.#metricsUrl = metricsUrl;
    this.#stderr = stderr;
    this.#exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.#exit = { code: child.exitCode, signal: child.signalCode };
        resolve();
        return;
      }
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve();
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      // Only the tail: enough to explain a crash, bounded whatever the process prints.
      this.#stderr = (this.#stderr + chunk.toString()).slice(-8_000);
    });
  }

  /** Starts `node dist/src/cli/main.js serve` and resolves once it listens. */
  static async start(options: ServeOptions = {}): Promise<ServeProcess> {
    const prometheusPort = await freePort();
    const args = [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', '--grpc-port', '0', '--prometheus-port', String(prometheusPort)];
    if (options.window !== undefined) args.push('--window', options.window);
    if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
    const configDir = options.configYaml === undefined ? undefined : mkdtempSync(join(tmpdir(), 'modelwatch-load-'));
    if (configDir !== undefined) {
      writeFileSync(join(configDir, 'modelwatch.yaml'), options.configYaml!);
      args.push('--config', join(configDir, 'modelwatch.yaml'));
    }
    // An OTLP push set in the environment would add export work, and send the test's signals somewhere.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_EXPORTER_OTLP_')));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    // The file is read at startup; the folder goes once the process is gone.
    if (configDir !== undefined) child.once('exit', () => rmSync(configDir, { recursive: true, force: true }));
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`modelwatch serve did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
      }, START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /OTLP\/HTTP on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match !== null && stderr.includes('reference:')) {
          clearTimeout(timer);
          child.stderr!.off('data', onData);
          child.off('exit', onExit);
          resolve(Number(match[1]));
        }
      };
      const onExit = () => {
        clearTimeout(timer);
        reject(new Error(`modelwatch serve exited before listening: ${stderr}`));
      };
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
    });
    return new ServeProcess(child, port, `http://127.0.0.1:${prometheusPort}/metrics`, stderr);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  /** Still running: no exit seen. */
  get running(): boolean {
    return this.#exit === undefined;
  }

  /** How it ended, once it has. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** The last few kB of its stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  /** CPU time of the process so far, all threads (ms), from /proc/PID/stat; undefined once it is gone. */
  cpuMs(): number | undefined {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 Hz on Linux).
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  /** VmRSS of the process (MiB), or undefined once it is gone. */
  rssMiB(): number | undefined {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match === null ? undefined : Number(match[1]) / 1024;
    } catch {
      return undefined;
    }
  }

  /** Its self-metrics now, from its Prometheus endpoint. */
  async counters(): Promise<ServeCounters> {
    const { status, text } = await scrape(this.#metricsUrl, 10_000);
    if (status !== 200) throw new Error(`${this.#metricsUrl} answered ${status}`);
    const samples = parsePrometheusText(text).samples;
    const sum = (name: string, labels: Record<string, string> = {}) => samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
    const breaches: Record<string, number> = {};
    for (const s of samples) {
      if (s.name === 'modelwatch_limits_breaches_total') breaches[s.labels.modelwatch_limit] = (breaches[s.labels.modelwatch_limit] ?? 0) + s.value;
    }
    return {
      acceptedSpans: sum('modelwatch_records_accepted_total', { modelwatch_signal: 'traces' }),
      rejectedSpans: sum('modelwatch_records_rejected_total', { modelwatch_signal: 'traces' }),
      processedRecords: sum('modelwatch_records_processed_total'),
      queueDepth: sum('modelwatch_intake_queue_depth'),
      breaches,
    };
  }

  /** SIGTERM, then SIGKILL if it has not exited within the bound; resolves with how it ended. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(timer);
    }
    return this.#exit!;
  }
}

/** Samples a process's RSS at a fixed period, keeping the largest and the last. */
export class RssSampler {
  readonly #timer: NodeJS.Timeout;
  #max = 0;
  #last: number | undefined;
  #samples = 0;

  constructor(read: () => number | undefined, periodMs: number) {
    const sample = () => {
      const rss = read();
      if (rss === undefined) return;
      this.#samples++;
      this.#last = rss;
      this.#max = Math.max(this.#max, rss);
    };
    sample();
    this.#timer = setInterval(sample, periodMs);
  }

  stop(): { maxMiB: number; lastMiB: number | undefined; samples: number } {
    clearInterval(this.#timer);
    return { maxMiB: round1(this.#max), lastMiB: this.#last === undefined ? undefined : round1(this.#last), samples: this.#samples };
  }
}

function round1(value: number): number {
  return Number(value.toFixed(1));
}
