/**
 * The scale-out benchmark's handle on a router or sink process
 * (bench/scale-child-main.ts): forks it, learns its ports, asks it for its CPU time
 * and RSS between phases.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RouterStats } from './scale-router.js';

export type ChildCommand = { readonly kind: 'usage' };
export type ChildReply =
  | { readonly kind: 'listening'; readonly ports: readonly number[] }
  | { readonly kind: 'usage'; readonly cpuMs: number; readonly rssMiB: number; readonly router?: RouterStats };
export type ChildUsage = Omit<Extract<ChildReply, { kind: 'usage' }>, 'kind'>;

const ANSWER_TIMEOUT_MS = 30_000;

export class ScaleChild {
  readonly #child: ChildProcess;
  readonly ports: readonly number[];
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess, ports: readonly number[]) {
    this.#child = child;
    this.ports = ports;
    this.#exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** The router in front of these replica ports (it listens on `ports[0]`). */
  static router(replicaPorts: readonly number[]): Promise<ScaleChild> {
    return ScaleChild.#start(['router', ...replicaPorts.map(String)]);
  }

  /** `count` trivial sinks in one process. */
  static sinks(count: number): Promise<ScaleChild> {
    return ScaleChild.#start(['sink', String(count)]);
  }

  static async #start(args: string[]): Promise<ScaleChild> {
    const path = fileURLToPath(new URL('./scale-child-main.js', import.meta.url));
    const child = fork(path, args, { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const reply = await answer(child, 'listening');
    return new ScaleChild(child, (reply as Extract<ChildReply, { kind: 'listening' }>).ports);
  }

  get pid(): number {
    return this.#child.pid!;
  }

  async usage(): Promise<ChildUsage> {
    const asked = answer(this.#child, 'usage');
    this.#child.send({ kind: 'usage' } satisfies ChildCommand);
    const { kind: _kind, ...usage } = (await asked) as Extract<ChildReply, { kind: 'usage' }>;
    return usage;
  }

  /** Disconnects (the child closes its servers and exits); SIGKILL if it lingers. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.#child.connected) this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await this.#exited;
    clearTimeout(timer);
  }
}

function answer(child: ChildProcess, kind: ChildReply['kind']): Promise<ChildReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`the ${kind} answer did not come within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
    const onMessage = (reply: ChildReply) => {
      if (reply.kind === kind) done(undefined, reply);
    };
    const onExit = (code: number | null) => done(new Error(`the process exited (code ${code}) before its ${kind} answer`));
    const done = (error: Error | undefined, reply?: ChildReply) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error !== undefined) reject(error);
      else resolve(reply!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
