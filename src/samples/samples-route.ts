import { MODEL_PATH_PREFIX, modelPath, modelPathOf } from '../admin/model-paths.js';
import type { ModelKey } from '../extract/inference-batch.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';
import { sampleCsv } from './sample-csv.js';
import { sampleJsonl } from './sample-jsonl.js';
import type { SampleRecord } from './sample-record.js';
import { sampleTable } from './sample-table.js';

/** Where the sample export lives: `/v1/models/{name}/{version}/samples`. */
export const SAMPLES_PATH_PREFIX = MODEL_PATH_PREFIX;

/** What the handler needs of a model version's sample (RecentSample has it). */
export interface SampleSource {
  records(): readonly SampleRecord[];
}

/** The sample of a model version, or undefined when the version is unknown (or keeps none). */
export type SampleLookup = (model: string, version: string) => SampleSource | undefined;

const FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv', write: sampleCsv },
  jsonl: { contentType: 'application/x-ndjson', extension: 'jsonl', write: sampleJsonl },
} as const;

/** The model version named by a samples path (see modelPathOf), or undefined when the path is not one. */
export function samplesPathKey(path: string): ModelKey | undefined {
  const named = modelPathOf(path);
  return named?.resource === 'samples' ? named.key : undefined;
}

/** The path of a model version's samples. */
export function samplesPath(key: ModelKey): string {
  return modelPath(key, 'samples');
}

/**
 * `GET /v1/models/{name}/{version}/samples?format=csv|jsonl` (format defaults to csv):
 * the version's sample of recent records with their labels, as a download. Errors are
 * answered like the admin routes', `{"error": code, "message": ...}`: 404 for a path
 * that names no model version with a sample, 400 for another format.
 *
 * The handler reads the model and version from `request.path` itself: register it
 * for every path under SAMPLES_PATH_PREFIX (the receiver's `routePrefix`).
 */
export function samplesRouteHandler(lookup: SampleLookup): (request: RouteRequest) => RouteResponse {
  return (request: RouteRequest): RouteResponse => {
    const key = samplesPathKey(request.path);
    if (key === undefined) {
      return error(404, 'MODELWATCH_ERR_NOT_FOUND',
        `${request.path}: not a samples path; use ${SAMPLES_PATH_PREFIX}{name}/{version}/samples with the name and version URL-encoded`);
    }
    const formatName = new URLSearchParams(request.query).get('format') ?? 'csv';
    if (!Object.hasOwn(FORMATS, formatName)) {
      return error(400, 'MODELWATCH_ERR_USAGE', `format "${formatName}" is not offered; use format=csv or format=jsonl`);
    }
    const sample = lookup(key.model, key.version);
    if (sample === undefined) {
      return error(404, 'MODELWATCH_ERR_NOT_FOUND', `model "${key.model}" version "${key.version}" has no sample: no record of it was seen`);
    }
    const format = FORMATS[formatName as keyof typeof FORMATS];
    return {
      status: 200,
      contentType: format.contentType,
      body: format.write(sampleTable(sample.records())),
      headers: { 'Content-Disposition': `attachment; filename="${fileName(key)}.${format.extension}"` },
    };
  };
}

/** A download name made only of safe characters, whatever the model is called. */
function fileName(key: ModelKey): string {
  return `${key.model}-${key.version}-samples`.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function error(status: number, code: string, message: string): RouteResponse {
  return { status, contentType: 'application/json', body: JSON.stringify({ error: code, message }) };
}
