/**
 * What the scale-out benchmark's figures project to on a machine with more cores:
 * a PROJECTION from costs measured on this one, not a measurement. On 2 cores, three
 * replicas, the router and the client share two cores, so the three-replica figures
 * there say what the CPU allows, not what the replicas could do side by side.
 *
 * The model: a replica is one event loop (plus helper threads) whose capacity is
 * what it did fed directly with a core to itself (phase a), and it costs that many
 * cores; a router process is one event loop taking its measured CPU per span (phase
 * b); spans of a model all go to one replica, so the busiest replica caps the whole
 * (its share of the models, the workload giving every model the same traffic); the
 * senders run elsewhere.
 */
import { round } from './scale-phase.js';

export interface ProjectionInput {
  /** (a) one replica fed directly: spans/s, and the cores it kept busy doing it. */
  readonly replicaSpansPerSecond: number;
  readonly replicaCores: number;
  /** (b) the router's CPU per span, with a trivial sink behind it (µs). */
  readonly routerMicrosPerSpan: number;
  /** Models each replica owns (equal traffic per model). */
  readonly modelsPerReplica: readonly number[];
  /** (d) measured here: three replicas behind the router; and the CPU per span of every process in that phase (µs), summed. */
  readonly measuredBehindRouter: number;
  readonly allProcessesMicrosPerSpan: number;
  /** Cores of this machine. */
  readonly cores: number;
}

export interface Projection {
  readonly label: 'PROJECTION, not measured';
  readonly assumptions: readonly string[];
  /** On this machine: what the summed CPU per span allows on all its cores, next to what (d) measured. */
  readonly thisMachineCpuBound: { readonly spansPerSecond: number; readonly measured: number; readonly measuredOverBound: number };
  /** One router process's capacity, a core to itself (spans/s). */
  readonly routerProcessSpansPerSecond: number;
  readonly replicas: number;
  /** The busiest replica's share of the spans, and the ceiling it puts on the whole. */
  readonly busiestShare: number;
  readonly replicasBound: number;
  /** The ceiling with the models spread evenly (N x one replica). */
  readonly evenSpreadBound: number;
  readonly byCores: readonly { readonly cores: number; readonly routers: number; readonly spansPerSecond: number; readonly overOneReplica: number; readonly limitedBy: string }[];
}

export function project(input: ProjectionInput): Projection {
  const replicas = input.modelsPerReplica.length;
  const models = input.modelsPerReplica.reduce((a, b) => a + b, 0);
  const busiestShare = Math.max(...input.modelsPerReplica) / models;
  const replicasBound = input.replicaSpansPerSecond / busiestShare;
  const routerProcess = 1e6 / input.routerMicrosPerSpan;
  const replicaCores = Math.max(1, input.replicaCores);
  const cpuBound = (input.cores * 1e6) / input.allProcessesMicrosPerSpan;
  const byCores = [4, 6, 8, 16].map((cores) => {
    // Cores the replicas take at their measured use; routers get whole cores from what is left (at least one).
    const routers = Math.max(1, Math.floor(cores - replicas * replicaCores));
    const routed = routers * routerProcess;
    const spansPerSecond = Math.min(replicasBound, routed);
    return {
      cores, routers, spansPerSecond: Math.round(spansPerSecond), overOneReplica: round(spansPerSecond / input.replicaSpansPerSecond, 2),
      limitedBy: routed < replicasBound ? `the router${routers > 1 ? 's' : ''}` : 'the busiest replica',
    };
  });
  return {
    label: 'PROJECTION, not measured',
    assumptions: [
      `a replica does what one did fed directly here (${input.replicaSpansPerSecond} spans/s) and keeps ${round(input.replicaCores, 2)} cores busy doing it (phase a): it needs that many cores to itself`,
      `a router process costs its measured ${round(input.routerMicrosPerSpan, 2)} µs of CPU per span (phase b) and gets a whole core: ${Math.round(routerProcess)} spans/s each; more cores go to more router processes (a Collector tier), the client sending to them in turn`,
      `every model sends the same traffic, so the replica owning the most models (${Math.max(...input.modelsPerReplica)} of ${models}) saturates first; real traffic is rarely even, and one hot model caps at one replica's capacity whatever N is`,
      'the senders run on other machines (the client\'s CPU is left out), and loopback stands for the network (a real network adds the serialization to and from the wire, not counted)',
      'the router is this benchmark\'s Node router, not the Collector (Go; not measured here): its cost per span stands in for the Collector\'s',
      'replicas share nothing, so nothing but cores couples them (memory bandwidth and caches, shared for real, are ignored)',
    ],
    thisMachineCpuBound: { spansPerSecond: Math.round(cpuBound), measured: input.measuredBehindRouter, measuredOverBound: round(input.measuredBehindRouter / cpuBound, 2) },
    routerProcessSpansPerSecond: Math.round(routerProcess),
    replicas,
    busiestShare: round(busiestShare, 3),
    replicasBound: Math.round(replicasBound),
    evenSpreadBound: Math.round(replicas * input.replicaSpansPerSecond),
    byCores,
  };
}
