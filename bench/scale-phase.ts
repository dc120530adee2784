/**
 * One measured phase of the scale-out benchmark: bench:ingest's closed-loop client
 * (bench/ingest-load.ts; a few requests in flight, each sent when the last is
 * answered) against one or more ports at once, with the CPU time every process of
 * the setup used meanwhile, so a throughput comes with what each span cost each
 * process. Throughput is what the client saw accepted: 2xx answers x spans per body.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadGenerator, LoadResult } from './ingest-load.js';
import type { ServeProcess } from './load-server.js';

/** One client process and where it sends; every body it holds carries `spansPerBody` spans. */
export interface Feed {
  readonly client: LoadGenerator;
  readonly port: number;
  readonly spansPerBody: number;
}

/** A process whose CPU time (ms, all threads, since it started) the phase reads before and after. */
export interface Metered {
  readonly name: string;
  readonly cpuMs: () => Promise<number | undefined> | number | undefined;
}

export interface ProcessCost {
  readonly name: string;
  /** Cores it kept busy on average during the phase. */
  readonly cores: number;
  /** Its CPU time per span accepted (µs). */
  readonly cpuMicrosPerSpan: number;
}

export interface PhaseResult {
  readonly spansPerSecond: number;
  readonly acceptedSpans: number;
  readonly requests: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** The worst p99 latency of the clients (ms). */
  readonly p99Ms: number;
  readonly elapsedMs: number;
  /** Every process's cost, the client processes last (summed as `client`). */
  readonly processes: readonly ProcessCost[];
  /**
   * Cores the whole machine kept busy (/proc/stat), and how many of them went to
   * processes outside this setup: the machine is shared, and what others ran
   * meanwhile took cores from this phase.
   */
  readonly machineCores: number;
  readonly otherCores: number;
  /** Cores the hypervisor gave to other VMs while this one wanted them. */
  readonly stolenCores: number;
}

/** How long a phase runs: for a time, or for a number of requests per client. */
export type Budget = { readonly durationMs: number } | { readonly requests: number };

const TWO_XX = /^2\d\d$/;

/** Runs every feed for `durationMs` at once and reads the metered processes around it. */
export async function runPhase(feeds: readonly Feed[], metered: readonly Metered[], budget: Budget, concurrency: number): Promise<PhaseResult> {
  const before = await Promise.all(metered.map((m) => m.cpuMs()));
  const machineBefore = machineUsage();
  const results: LoadResult[] = await Promise.all(feeds.map((feed) => feed.client.run({ port: feed.port, encoding: 'protobuf', concurrency, ...budget })));
  const machineAfter = machineUsage();
  const after = await Promise.all(metered.map((m) => m.cpuMs()));
  const statuses: Record<string, number> = {};
  let acceptedSpans = 0;
  let spansPerSecond = 0;
  results.forEach((result, i) => {
    let accepted = 0;
    for (const [status, count] of Object.entries(result.statuses)) {
      statuses[status] = (statuses[status] ?? 0) + count;
      if (TWO_XX.test(status)) accepted += count * feeds[i].spansPerBody;
    }
    acceptedSpans += accepted;
    // Each client's own rate, summed: they run side by side for the same duration.
    spansPerSecond += accepted / (result.elapsedMs / 1000);
  });
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  const cost = (name: string, cpuMs: number): ProcessCost => ({
    name,
    cores: round(cpuMs / elapsedMs, 2),
    cpuMicrosPerSpan: acceptedSpans === 0 ? NaN : round((cpuMs * 1000) / acceptedSpans, 3),
  });
  const processes = metered.map((m, i) => cost(m.name, (after[i] ?? NaN) - (before[i] ?? NaN)));
  processes.push(cost('client', results.reduce((sum, r) => sum + r.clientCpuMs, 0)));
  const machineCores = (machineAfter.busyMs - machineBefore.busyMs) / elapsedMs;
  return {
    spansPerSecond: Math.round(spansPerSecond),
    acceptedSpans,
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    statuses,
    p99Ms: Math.max(...results.map((r) => r.latencyMs.p99)),
    elapsedMs: Math.round(elapsedMs),
    processes,
    machineCores: round(machineCores, 2),
    otherCores: round(Math.max(0, machineCores - processes.reduce((sum, p) => sum + p.cores, 0)), 2),
    stolenCores: round((machineAfter.stealMs - machineBefore.stealMs) / elapsedMs, 2),
  };
}

/**
 * CPU time all cores spent running something since boot (ms), and time the
 * hypervisor gave this VM's cores to others (steal): /proc/stat's first line, in 10 ms ticks.
 */
function machineUsage(): { busyMs: number; stealMs: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
  return { busyMs: (user + nice + system + irq + softirq) * 10, stealMs: steal * 10 };
}

/**
 * Waits until every replica uses under 5% of a core over half a second (their
 * threshold calibrations, on worker threads, done), so those do not take a core from
 * the measurement; returns how long that took, or null if one was still busy at the bound.
 */
export async function untilAllIdle(replicas: readonly ServeProcess[], timeoutMs: number): Promise<number | null> {
  const start = performance.now();
  let last = replicas.map((r) => r.cpuMs() ?? 0);
  while (performance.now() - start < timeoutMs) {
    await sleep(500);
    const now = replicas.map((r) => r.cpuMs() ?? 0);
    if (now.every((cpu, i) => cpu - last[i] < 25)) return Math.round(performance.now() - start);
    last = now;
  }
  return null;
}

/** The replicas' accepted-span counters summed: a phase's acknowledged spans must be exactly their increase. */
export async function acceptedOn(replicas: readonly ServeProcess[]): Promise<number> {
  const counters = await Promise.all(replicas.map((r) => r.counters()));
  return counters.reduce((sum, c) => sum + c.acceptedSpans, 0);
}

export function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
