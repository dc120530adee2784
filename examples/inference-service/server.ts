/**
 * The example inference service: Seattle's weather type from a day's measurements,
 * a TF.js model (trained by train.ts) behind `node:http`. It has no monitoring code:
 * run it as
 *
 *   MODELWATCH_MODEL_NAME=seattle-weather MODELWATCH_MODEL_VERSION=1 \
 *   MODELWATCH_FEATURE_NAMES=precipitation,temp_max,temp_min,wind \
 *   MODELWATCH_CLASSES=drizzle,fog,rain,snow,sun \
 *     node --import modelwatch/register dist/examples/inference-service/server.js
 *
 * and every prediction is a span (modelwatch's TF.js instrumentation).
 *
 * - `POST /predict` with one row `{"precipitation": 0, "temp_max": 12.8, ...}` or
 *   `{"rows": [...]}`: `{"predictions": [...], "inferenceIds": [...]}`.
 * - `POST /feedback` with `{"inferenceId": "...", "label": "rain"}`: the ground truth,
 *   sent on as an `ml.feedback` log record.
 * - `GET /health`.
 *
 * Port: PORT (default 8080); host: HOST (default 127.0.0.1).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as tf from '@tensorflow/tfjs';
import { inferenceIdsOf, recordFeedback } from 'modelwatch/instrumentation';
import { WEATHER_CLASSES, WEATHER_FEATURES } from '../seattle-weather/seattle-days.js';
import { modelFromFiles } from './model-files.js';

const MODEL = process.env.MODELWATCH_MODEL_NAME ?? 'seattle-weather';
const VERSION = process.env.MODELWATCH_MODEL_VERSION ?? '1';
const MAX_BODY = 1 << 20;

class BadRequest extends Error {}

const model = await tf.loadLayersModel(modelFromFiles());

function predict(rows: readonly Record<string, unknown>[]): { predictions: string[]; inferenceIds: readonly string[] } {
  const input = tf.tensor2d(rows.map((row) => WEATHER_FEATURES.map((feature) => {
    const value = row[feature];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadRequest(`"${feature}" must be a number in every row`);
    return value;
  })));
  const output = model.predict(input) as tf.Tensor2D;
  const classes = (output.argMax(-1).arraySync() as number[]).map((k) => WEATHER_CLASSES[k]);
  const inferenceIds = inferenceIdsOf(output) ?? [];
  tf.dispose([input, output]);
  return { predictions: classes, inferenceIds };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method === 'GET' && request.url === '/health') return send(response, 200, { status: 'ok' });
  if (request.method !== 'POST') return send(response, 405, { error: 'use POST /predict or POST /feedback' });
  const body = await jsonBody(request);
  if (request.url === '/predict') {
    const rows = Array.isArray((body as { rows?: unknown }).rows) ? (body as { rows: Record<string, unknown>[] }).rows : [body as Record<string, unknown>];
    if (rows.length === 0) throw new BadRequest('no rows');
    return send(response, 200, predict(rows));
  }
  if (request.url === '/feedback') {
    const { inferenceId, label } = body as { inferenceId?: unknown; label?: unknown };
    if (typeof inferenceId !== 'string' || inferenceId === '' || typeof label !== 'string') {
      throw new BadRequest('send {"inferenceId": "...", "label": "rain"}');
    }
    recordFeedback({ model: MODEL, version: VERSION, inferenceId, label });
    return send(response, 202, { accepted: true });
  }
  return send(response, 404, { error: `no ${request.url}` });
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest('body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new BadRequest('the body must be a JSON object');
    return parsed;
  } catch (error) {
    throw error instanceof BadRequest ? error : new BadRequest(`the body is not JSON: ${(error as Error).message}`);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    if (error instanceof BadRequest) send(response, 400, { error: error.message });
    else send(response, 500, { error: 'internal error' });
  });
});
const port = Number(process.env.PORT ?? 8080);
server.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`inference service: http://${process.env.HOST ?? '127.0.0.1'}:${typeof address === 'object' && address !== null ? address.port : port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close());
