import { FuzzRandom } from './fuzz-random.js';

/**
 * One fuzzed input: a generator of cases from a seeded random source, and a check
 * that answers undefined when the code under test behaved (accepted, or refused
 * with the error it documents) and a description of the failure otherwise.
 */
export interface FuzzTarget<T> {
  readonly name: string;
  generate(random: FuzzRandom): T;
  check(input: T): string | undefined | Promise<string | undefined>;
  /** The input in a form to print and commit as a regression case. */
  describe(input: T): string;
}

export interface FuzzFailure {
  readonly target: string;
  /** Case i is generated from `new FuzzRandom(seed + i)`: rerun it with the same seed. */
  readonly caseIndex: number;
  readonly problem: string;
  readonly input: string;
}

export interface CampaignResult {
  readonly target: string;
  readonly cases: number;
  readonly failures: readonly FuzzFailure[];
  /** The slowest case's check, ms: a decoder that nearly hangs shows here. */
  readonly slowestCaseMs: number;
}

/** A case slower than this is a failure: a body the size cap admits must not stall the event loop this long. */
export const MAX_CASE_MS = 5_000;

/** Runs `cases` cases of `target` (or fewer, if `untilMs` on the clock comes first). */
export async function runCampaign<T>(target: FuzzTarget<T>, seed: number, cases: number, untilMs = Infinity): Promise<CampaignResult> {
  const failures: FuzzFailure[] = [];
  let slowest = 0;
  let run = 0;
  for (; run < cases && Date.now() < untilMs; run++) {
    const input = target.generate(new FuzzRandom(seed + run));
    const started = performance.now();
    let problem: string | undefined;
    try {
      problem = await target.check(input);
    } catch (error) {
      problem = `the check itself threw: ${(error as Error)?.stack ?? String(error)}`;
    }
    const ms = performance.now() - started;
    slowest = Math.max(slowest, ms);
    if (problem === undefined && ms > MAX_CASE_MS) problem = `took ${ms.toFixed(0)} ms`;
    if (problem !== undefined && failures.length < 20) {
      failures.push({ target: target.name, caseIndex: run, problem: problem.slice(0, 2000), input: target.describe(input).slice(0, 4000) });
    }
  }
  return { target: target.name, cases: run, failures, slowestCaseMs: Math.round(slowest) };
}

/**
 * Shrinks a failing byte input by cutting chunks while the check still fails (a
 * simple delta debugging), to commit the smallest input as a regression test.
 */
export async function minimizeBytes(input: Uint8Array, fails: (bytes: Uint8Array) => Promise<boolean> | boolean, maxTries = 2000): Promise<Uint8Array> {
  let best = input;
  let tries = 0;
  for (let chunk = Math.max(1, best.length >> 1); chunk >= 1 && tries < maxTries; chunk >>= 1) {
    for (let at = 0; at < best.length && tries < maxTries; tries++) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - at));
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + chunk), at);
      if (await fails(candidate)) best = candidate;
      else at += chunk;
    }
  }
  return best;
}
