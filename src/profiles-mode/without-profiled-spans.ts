import type { InferenceBatch, InferenceSink } from '../extract/inference-batch.js';

/** What tells a profiled model version (ProfileMetricsConsumer). */
export interface ProfiledVersions {
  isProfiled(model: string, version: string): boolean;
}

/** What tells a model version already tracked (the ModelRegistry). */
export interface TrackedVersions {
  has(model: string, version: string): boolean;
}

/**
 * The sink span extraction feeds, less the spans of profiled versions that carry no
 * value. In profiles mode the instrumentation still makes a span per call, with the
 * model's identity and batch size only; taken as rows, they would count every feature
 * missing and each record twice (the metrics bring the records). Such spans come
 * before the version's first metrics export too, so a version not tracked yet is
 * not started by a span without values either (in spans mode that span would only
 * have counted a record). A span that carries values is always kept.
 */
export function withoutProfiledSpans(sink: InferenceSink & TrackedVersions, profiled: ProfiledVersions): InferenceSink {
  const keep = (batch: InferenceBatch) => carriesValues(batch)
    || (sink.has(batch.model, batch.version) && !profiled.isProfiled(batch.model, batch.version));
  const filtered: InferenceSink = {
    acceptInferences: (batch) => {
      if (keep(batch)) sink.acceptInferences(batch);
    },
    acceptFeedback: (feedback) => sink.acceptFeedback(feedback),
  };
  if (sink.requestAcceptor !== undefined) {
    const requestAcceptor = sink.requestAcceptor.bind(sink);
    filtered.requestAcceptor = () => {
      const accept = requestAcceptor();
      return (batch) => {
        if (keep(batch)) accept(batch);
      };
    };
  }
  if (sink.refusal !== undefined) filtered.refusal = sink.refusal.bind(sink);
  if (sink.refusesNone !== undefined) filtered.refusesNone = sink.refusesNone.bind(sink);
  if (sink.feedbackRefusal !== undefined) filtered.feedbackRefusal = sink.feedbackRefusal.bind(sink);
  return filtered;
}

/**
 * Any feature, output, class probability or label. A batch of rows (a single-row
 * batch, or single-row spans of one shape: SpanRowsBatch) is read through its first
 * row, since its columns are made only when read, and making them for this question
 * was a twentieth of the processor's time (bench:ingest's profile); the rest is asked
 * only of a batch with neither features nor outputs.
 */
function carriesValues(batch: InferenceBatch): boolean {
  const row = batch.row ?? (batch.rows > 0 ? batch.rowOf?.(0) : undefined);
  if (row !== undefined && (row.featureNames.length > 0 || row.prediction !== undefined || row.score !== undefined)) return true;
  const features = batch.featureNames?.length ?? batch.features.size;
  if (row === undefined && (features > 0 || batch.predictions !== undefined || batch.scores !== undefined)) return true;
  return batch.probabilities !== undefined || batch.labels !== undefined;
}
