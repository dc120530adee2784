import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/**
 * Debian's real Prometheus server (package `prometheus`, installed by .ci/run),
 * started on a free loopback port with a temporary config that scrapes the given
 * targets every second, for tests that check what a real backend sees.
 */
const PROMETHEUS = '/usr/bin/prometheus';

/**
 * Why tests that need Prometheus cannot run here, or undefined when they can. In CI
 * (CI=true, where .ci/run installs it) a missing server is a failure, never a skip;
 * on a developer's machine without it, the tests skip and say how to install it.
 */
export function prometheusUnavailable(): string | undefined {
  if (existsSync(PROMETHEUS) || process.env.CI === 'true') return undefined;
  return `Debian's Prometheus server is not installed (apt-get install prometheus; .ci/run does it)`;
}

export class PrometheusServer {
  readonly url: string;
  readonly #process: ChildProcess;
  readonly #dir: string;
  #log = '';

  private constructor(url: string, process: ChildProcess, dir: string) {
    this.url = url;
    this.#process = process;
    this.#dir = dir;
    process.stderr?.on('data', (chunk: Buffer) => { this.#log = (this.#log + chunk.toString()).slice(-4000); });
  }

  static async start(targets: string[], binary = PROMETHEUS): Promise<PrometheusServer> {
    const dir = mkdtempSync(join(tmpdir(), 'modelwatch-prometheus-'));
    const port = await freePort();
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: modelwatch',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'));
    const child = spawn(binary, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, child, dir);
    await server.#waitUntilReady(20_000);
    return server;
  }

  /** Runs an instant query; returns the result vector (metric labels and the value as a number). */
  async query(expression: string): Promise<{ metric: Record<string, string>; value: number }[]> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expression)}`, { signal: AbortSignal.timeout(5000) });
    const body = await response.json() as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`query ${expression} failed: ${JSON.stringify(body)}`);
    return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  /** Polls a query until `accept` holds for its result, or fails after `timeoutMs`. */
  async waitFor(expression: string, accept: (result: { metric: Record<string, string>; value: number }[]) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    let last: { metric: Record<string, string>; value: number }[] = [];
    while (Date.now() < deadline) {
      last = await this.query(expression);
      if (accept(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Prometheus: ${expression} never matched within ${timeoutMs} ms; last result ${JSON.stringify(last)}`);
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode === null && this.#process.signalCode === null) {
      const exited = new Promise((resolve) => this.#process.once('exit', resolve));
      this.#process.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (this.#process.exitCode === null) this.#process.kill('SIGKILL');
    }
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#process.exitCode !== null) throw new Error(`Prometheus exited: ${this.#log}`);
      try {
        const response = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`Prometheus was not ready within ${timeoutMs} ms: ${this.#log}`);
  }
}
