import { parentPort } from 'node:worker_threads';
import type { PostedRequest, WorkerAnswer } from './worker-requests.js';

/** What a worker's handler gives back: the result, and the ArrayBuffers to move with it. */
export interface HandledRequest<Result> {
  readonly result: Result;
  readonly transfer?: readonly ArrayBuffer[];
}

/**
 * The worker side of WorkerRequests: answers each request posted to this thread, in
 * order, with `handle`'s result, or with the message of what it threw.
 */
export function answerRequests<Request, Result>(handle: (request: Request) => HandledRequest<Result>): void {
  const port = parentPort;
  if (port === null) throw new Error('answerRequests runs in a worker thread');
  port.on('message', ({ id, request }: PostedRequest<Request>) => {
    let answer: WorkerAnswer<Result>;
    let transfer: readonly ArrayBuffer[] = [];
    try {
      const handled = handle(request);
      answer = { id, result: handled.result };
      transfer = handled.transfer ?? [];
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer, [...transfer]);
  });
}
