/**
 * What HTTP alone allows on this machine: the benchmark's client sends the same
 * protobuf bodies to a bare node:http server in this process that reads each body
 * with the receiver's own reader (readBody) and answers 200 with an empty
 * ExportTraceServiceResponse, doing nothing else, or only decoding the body into a
 * SpanTable (decodeTracesTable, the protobuf baseline). No processor is running.
 *
 * Why: the target is end to end over decode-only, and the end-to-end figure pays
 * for HTTP (the kernel's copies, the parser, the response write) that decode-only
 * does not. Read + decode over the same HTTP is the most any processor could reach
 * here, whatever its extraction and profiles cost.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTracesTable } from '../src/otlp/protobuf/decode-traces-table.js';
import { readBody } from '../src/receiver/read-body.js';
import { throughput, type Throughput } from './ingest-in-process.js';
import type { LoadGenerator } from './ingest-load.js';
import type { IngestPayloads } from './ingest-payloads.js';
import { cpuPerSpan, threadCpuMs } from './thread-cpu.js';

export interface HttpCeilingPlan {
  readonly warmupMs: number;
  readonly runs: number;
  readonly runMs: number;
  readonly concurrency: number;
}

export interface HttpCeilingResult extends Throughput {
  /** This process's CPU over the timed runs, µs a span (see cpuPerSpan). */
  readonly cpuMicrosPerSpan: ReturnType<typeof cpuPerSpan>;
}

/** What the bare server does with each body besides reading it. */
export type HttpCeilingWork = 'read' | 'readAndDecode';

const NO_LIMITS = { maxBytes: 64 * 2 ** 20, reserve: () => true, onBytes: () => undefined };

function bareServer(work: HttpCeilingWork): Server {
  return createServer((request, response) => {
    readBody(request, 'identity', NO_LIMITS).then(({ body }) => {
      if (work === 'readAndDecode') decodeTracesTable(body);
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    }, () => response.writeHead(400).end());
  });
}

/** Warm-up, then `plan.runs` timed runs of protobuf bodies to a bare server doing `work`; throws unless every request got 200. */
export async function httpCeiling(load: LoadGenerator, payloads: IngestPayloads, work: HttpCeilingWork, plan: HttpCeilingPlan): Promise<HttpCeilingResult> {
  const server = bareServer(work);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    await load.load(payloads);
    const { port } = server.address() as AddressInfo;
    const send = (durationMs: number) => load.run({ port, encoding: 'protobuf', concurrency: plan.concurrency, durationMs });
    await send(plan.warmupMs);
    const before = threadCpuMs();
    const runs = [];
    for (let run = 0; run < plan.runs; run++) runs.push(await send(plan.runMs));
    const after = threadCpuMs();
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const ok = runs.reduce((sum, r) => sum + (r.statuses['200'] ?? 0), 0);
    if (ok !== requests) throw new Error(`bare server (${work}): ${ok} of ${requests} requests answered 200`);
    return { ...throughput(runs, payloads.shape.spansPerRequest), cpuMicrosPerSpan: cpuPerSpan(before, after, requests * payloads.shape.spansPerRequest) };
  } finally {
    await new Promise((closed) => server.close(closed));
  }
}
