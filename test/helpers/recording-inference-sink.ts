import type { FeedbackRecord, InferenceBatch, InferenceSink } from '../../src/extract/inference-batch.js';

/**
 * An InferenceSink that keeps what it is handed, in order, for tests to inspect
 * (the Collector's consumertest sink). Reusable by any test of a stage that feeds
 * the model registry.
 */
export class RecordingInferenceSink implements InferenceSink {
  readonly batches: InferenceBatch[] = [];
  readonly feedback: FeedbackRecord[] = [];

  acceptInferences(batch: InferenceBatch): void {
    this.batches.push(batch);
  }

  acceptFeedback(feedback: FeedbackRecord): void {
    this.feedback.push(feedback);
  }

  /** Rows over every batch received. */
  get rows(): number {
    return this.batches.reduce((sum, batch) => sum + batch.rows, 0);
  }

  reset(): void {
    this.batches.length = 0;
    this.feedback.length = 0;
  }
}
