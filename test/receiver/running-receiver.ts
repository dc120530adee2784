import type { TestContext } from 'node:test';
import { OtlpHttpReceiver } from '../../src/receiver/otlp-http-receiver.js';
import type { OtlpHttpReceiverOptions } from '../../src/receiver/receiver-options.js';
import { RecordingConsumer } from './recording-consumer.js';

export interface RunningReceiver {
  readonly receiver: OtlpHttpReceiver;
  readonly consumer: RecordingConsumer;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
}

/** A receiver on 127.0.0.1 and a free port, feeding a RecordingConsumer; shut down when the test ends. */
export async function runningReceiver(t: TestContext, options: OtlpHttpReceiverOptions = {}): Promise<RunningReceiver> {
  const consumer = new RecordingConsumer();
  const receiver = new OtlpHttpReceiver({ traces: consumer, logs: consumer, metrics: consumer }, { host: '127.0.0.1', port: 0, ...options });
  await receiver.start();
  t.after(() => receiver.shutdown());
  const { port } = receiver.address();
  return { receiver, consumer, baseUrl: `http://127.0.0.1:${port}` };
}
