import type { OtlpSignal } from '../otlp/export-response.js';

/** One count of responses: by route (the endpoint path, or 'unknown' for paths with no route) and HTTP status. */
export interface ResponseCount {
  readonly route: string;
  readonly status: number;
  readonly count: number;
}

/**
 * The receiver's self-metrics at one moment: monotonic counters since start, and the
 * two gauges of its intake. Cheap to take; the processor exports it as OpenTelemetry
 * metrics from observable-instrument callbacks.
 */
export interface ReceiverStatsSnapshot {
  readonly responses: readonly ResponseCount[];
  /** Requests whose client went away before a response could be sent. */
  readonly abortedRequests: number;
  /** Spans, log records and data points the next stage accepted, by signal. */
  readonly acceptedItems: Readonly<Record<OtlpSignal, number>>;
  /** Spans, log records and data points the next stage rejected (reported in partial_success), by signal. */
  readonly rejectedItems: Readonly<Record<OtlpSignal, number>>;
  /** Request body bytes read, after decompression, refused bodies included. */
  readonly bodyBytes: number;
  /** Requests being received or processed now. */
  readonly inFlightRequests: number;
  /** Body bytes held by requests in flight now. */
  readonly bufferedBytes: number;
}

/** The receiver's counters; one instance per receiver. */
export class ReceiverStats {
  private readonly responses = new Map<string, Map<number, number>>();
  private aborted = 0;
  private bytes = 0;
  private readonly accepted: Record<OtlpSignal, number> = { traces: 0, logs: 0, metrics: 0 };
  private readonly rejected: Record<OtlpSignal, number> = { traces: 0, logs: 0, metrics: 0 };

  countResponse(route: string, status: number): void {
    let byStatus = this.responses.get(route);
    if (byStatus === undefined) this.responses.set(route, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  countAborted(): void {
    this.aborted++;
  }

  countBodyBytes(bytes: number): void {
    this.bytes += bytes;
  }

  countItems(signal: OtlpSignal, accepted: number, rejected: number): void {
    this.accepted[signal] += accepted;
    this.rejected[signal] += rejected;
  }

  snapshot(inFlightRequests: number, bufferedBytes: number): ReceiverStatsSnapshot {
    const responses: ResponseCount[] = [];
    for (const [route, byStatus] of this.responses) {
      for (const [status, count] of byStatus) responses.push({ route, status, count });
    }
    return {
      responses,
      abortedRequests: this.aborted,
      acceptedItems: { ...this.accepted },
      rejectedItems: { ...this.rejected },
      bodyBytes: this.bytes,
      inFlightRequests,
      bufferedBytes,
    };
  }
}
