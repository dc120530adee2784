import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { recordFeedback } from '../../instrumentation/feedback.js';

const exporter = new InMemoryLogRecordExporter();
const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
logs.setGlobalLoggerProvider(provider);
after(async () => {
  await provider.shutdown();
  logs.disable();
});

test('recordFeedback emits the §2 ml.feedback log record through the global logger provider', () => {
  recordFeedback({ model: 'churn', version: '3', inferenceId: 'abc:2', label: 'leave' });
  recordFeedback({ model: 'price', inferenceId: 'def', label: 12.5 });
  const [first, second] = exporter.getFinishedLogRecords();
  assert.equal(first.eventName, 'ml.feedback');
  assert.deepEqual(first.attributes, { 'ml.model.name': 'churn', 'ml.model.version': '3', 'ml.inference.id': 'abc:2', 'ml.label': 'leave' });
  assert.deepEqual(second.attributes, { 'ml.model.name': 'price', 'ml.inference.id': 'def', 'ml.label': 12.5 });
});

test('a call without a model, an id or a usable label is a programming error, said at once', () => {
  assert.throws(() => recordFeedback({ model: '', inferenceId: 'a', label: 1 }), /model/);
  assert.throws(() => recordFeedback({ model: 'm', inferenceId: '', label: 1 }), /inferenceId/);
  assert.throws(() => recordFeedback({ model: 'm', inferenceId: 'a', label: { x: 1 } as unknown as string }), /label/);
});
