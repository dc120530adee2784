import { z } from 'zod';
import { ModelwatchError } from '../errors.js';
import type { FeatureValue } from '../extract/inference-batch.js';
import type { ModelJoinSnapshot } from '../feedback/ground-truth-join.js';
import type { ModelStateSnapshot } from './model-state.js';

/** What `format` says of a version state, so a later layout is told apart. */
export const VERSION_STATE_FORMAT = 'modelwatch.version-state/1';

/**
 * One model version's state, portable between replicas (`GET` and `POST
 * /v1/models/{name}/{version}/state`): the snapshot the data dir keeps of it (the
 * reference rows being collected, or the open window and the closed windows not yet
 * judged), plus what a replica that never saw the version needs to continue it: the
 * reference it is monitored against, and what the ground-truth join holds of it.
 * Profiles are mergeable, so counts and bins of a window merged from two replicas
 * are exactly those of one replica that saw both parts.
 */
export interface VersionState extends ModelStateSnapshot {
  readonly format: typeof VERSION_STATE_FORMAT;
  readonly exportedUnixMs: number;
  /**
   * The reference monitored against, once there is one: its digest (the audit log's)
   * and its columns. A reference configured from a file has no columns here: each
   * replica reads its own copy, and the digests must agree.
   */
  readonly reference?: { readonly digest: string | null; readonly columns?: Readonly<Record<string, readonly FeatureValue[]>> };
  /** The join's predictions waiting for labels, labels waiting, and labelled rows of this version. */
  readonly join?: ModelJoinSnapshot;
}

const featureValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const column = z.array(featureValue);
const columns = z.record(z.string(), column);
/** Profiles are checked as they are merged (their codec throws on what it cannot take); here only their shape. */
const profile = z.looseObject({ kind: z.enum(['numeric', 'categorical', 'discrete']) });
const exemplar = z.object({ traceId: z.string(), spanId: z.string() });
const window = z.object({
  startUnixMs: z.number(),
  records: z.number().int().nonnegative(),
  profiles: z.record(z.string(), profile),
  newFeatures: z.array(z.string()),
  exemplars: z.record(z.string(), exemplar).optional(),
});
const score = z.number().nullable();
const probabilities = z.object({ classes: z.array(z.string()), columns: z.array(z.array(score)), overflowed: z.boolean().optional() });
const joinedRows = z.object({
  version: z.string(),
  windowStart: z.number(),
  kept: z.number().int().nonnegative(),
  labelled: z.number().int().nonnegative(),
  task: z.string(),
  labels: column,
  predictions: column,
  scores: z.array(score),
  probabilities: probabilities.optional(),
  outputs: z.object({ scores: z.array(score), predictions: column, seen: z.number().int().nonnegative(), probabilities: probabilities.optional() }),
});
const join = z.object({
  model: z.string(),
  labelSeen: z.boolean(),
  dropped: z.number(),
  pending: z.array(z.union([
    z.tuple([z.string(), z.string(), z.number(), featureValue, score, z.number()]),
    z.tuple([z.string(), z.string(), z.number(), featureValue, score, z.number(), z.number().int().nonnegative(), z.array(score)]),
  ])),
  probabilityClasses: z.array(z.array(z.string())).optional(),
  waiting: z.array(z.tuple([z.string(), featureValue, z.string(), z.number()])),
  windows: z.array(joinedRows),
});
const versionState = z.object({
  format: z.literal(VERSION_STATE_FORMAT),
  model: z.string().min(1),
  version: z.string().min(1),
  exportedUnixMs: z.number(),
  createdUnixMs: z.number(),
  collector: z.object({ rows: z.number().int().nonnegative(), columns }).optional(),
  window: window.optional(),
  judging: z.array(window.extend({ endUnixMs: z.number() })).optional(),
  reference: z.object({ digest: z.string().nullable(), columns: columns.optional() }).optional(),
  join: join.optional(),
});

/**
 * Reads a version state sent to `POST /v1/models/{name}/{version}/state`: its layout
 * is checked whole before anything is merged, and it must be the state of the
 * version the path names.
 * @throws ModelwatchError MODELWATCH_ERR_BAD_STATE naming the first problem
 */
export function parseVersionState(body: string, model: string, version: string): VersionState {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_STATE', `not JSON (${(error as Error).message})`);
  }
  const parsed = versionState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelwatchError('MODELWATCH_ERR_BAD_STATE', `${issue.path.length === 0 ? 'the body' : issue.path.join('.')}: ${issue.message}`);
  }
  const state = parsed.data as unknown as VersionState;
  if (state.model !== model || state.version !== version) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_STATE', `it is the state of model "${state.model}" version "${state.version}", not of the version the path names`);
  }
  if (state.join !== undefined && state.join.model !== model) {
    throw new ModelwatchError('MODELWATCH_ERR_BAD_STATE', `join.model is "${state.join.model}", not "${model}"`);
  }
  return state;
}
