import type { ModelKey } from '../extract/inference-batch.js';
import type { RouteRequest, RouteResponse } from '../receiver/route.js';
import { sampleCsv } from './sample-csv.js';
import { sampleJsonl } from './sample-jsonl.js';
import type { SampleRecord } from './sample-record.js';
import { sampleTable } from './sample-table.js';

/** Where the sample export lives: `/v1/models/{name}/{version}/samples`. */
export const SAMPLES_PATH_PREFIX = '/v1/models/';
const SAMPLES_PATH_SUFFIX = 'samples';

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

/**
 * The model version named by a samples path, or undefined when the path is not one.
 * The name and version are single path segments, URL-encoded: a model called
 * `fraud/eu v2` is `/v1/models/fraud%2Feu%20v2/3/samples`. Segments are split before
 * they are decoded, so an encoded `/` stays in the name. A segment that is not valid
 * percent-encoding makes the path not a samples path.
 */
export function samplesPathKey(path: string): ModelKey | undefined {
  if (!path.startsWith(SAMPLES_PATH_PREFIX)) return undefined;
  const segments = path.slice(SAMPLES_PATH_PREFIX.length).split('/');
  if (segments.length !== 3 || segments[2] !== SAMPLES_PATH_SUFFIX || segments[0] === '' || segments[1] === '') return undefined;
  try {
    return { model: decodeURIComponent(segments[0]), version: decodeURIComponent(segments[1]) };
  } catch {
    return undefined;
  }
}

/** The path of a model version's samples, encoded as {@link samplesPathKey} reads it. */
export function samplesPath(key: ModelKey): string {
  return `${SAMPLES_PATH_PREFIX}${encodeURIComponent(key.model)}/${encodeURIComponent(key.version)}/${SAMPLES_PATH_SUFFIX}`;
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
