import { parentPort } from 'node:worker_threads';
import type { PostedRequest, WorkerAnswer } from './worker-requests.js';

/**
 * The worker side of WorkerRequests: answers each request posted to this thread, in
 * order, with `handle`'s result, or with the message of what it threw.
 * @param transferOf the buffers of a result to move to the other thread rather than copy
 */
export function answerRequests<Request, Result>(handle: (request: Request) => Result, transferOf?: (result: Result) => ArrayBuffer[]): void {
  const port = parentPort;
  if (port === null) throw new Error('answerRequests runs in a worker thread');
  port.on('message', ({ id, request }: PostedRequest<Request>) => {
    let answer: WorkerAnswer<Result>;
    let transfer: ArrayBuffer[] = [];
    try {
      const result = handle(request);
      answer = { id, result };
      if (transferOf !== undefined) transfer = transferOf(result);
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer, transfer);
  });
}
