import { parentPort } from 'node:worker_threads';
import type { PostedRequest, WorkerAnswer } from './worker-requests.js';

/**
 * The worker side of WorkerRequests: answers each request posted to this thread, in
 * order, with `handle`'s result, or with the message of what it threw.
 */
export function answerRequests<Request, Result>(handle: (request: Request) => Result): void {
  const port = parentPort;
  if (port === null) throw new Error('answerRequests runs in a worker thread');
  port.on('message', ({ id, request }: PostedRequest<Request>) => {
    let answer: WorkerAnswer<Result>;
    try {
      answer = { id, result: handle(request) };
    } catch (error) {
      answer = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(answer);
  });
}
