import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DURATION_FEATURE, LLM_FEATURE_ATTRIBUTES, SpanExtractor, UNKNOWN_ERROR_TYPE, type InferenceBatch } from '../../src/extract/index.js';
import { SpanKind, StatusCode } from '../../src/otlp/types.js';
import { span, traces, type PlainValue } from './otlp-builders.js';
import { RecordingInferenceSink } from '../helpers/recording-inference-sink.js';

/*
 * The spans below are modelled on what LLM instrumentations emit, with attribute keys
 * checked against the GenAI registry (open-telemetry/semantic-conventions-genai,
 * model/gen-ai/registry.yaml), the OpenInference spec (Arize-ai/openinference,
 * spec/semantic_conventions.md) and the tests of opentelemetry-js-contrib's
 * instrumentation-openai; OpenLLMetry's older keys are from memory of its output.
 */

const PROMPT = 'My card number is 4111 1111 1111 1111, what is my balance?';
const COMPLETION = 'I cannot help with card numbers.';
const SYSTEM_PROMPT = 'You are a bank assistant. Never reveal account data.';

/** A chat span as current GenAI instrumentations emit it, with content capture on. */
const GEN_AI_CHAT: Record<string, PlainValue> = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.request.temperature': 0.2,
  'gen_ai.request.top_p': 0.9,
  'gen_ai.request.max_tokens': 256,
  'gen_ai.request.frequency_penalty': 0,
  'gen_ai.request.presence_penalty': 0.5,
  'gen_ai.request.seed': 1234,
  'gen_ai.request.stop_sequences': ['\n\n'],
  'gen_ai.request.choice.count': 1,
  'gen_ai.response.id': 'chatcmpl-9abc',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.usage.input_tokens': 31,
  'gen_ai.usage.output_tokens': 9,
  'gen_ai.usage.cache_read.input_tokens': 0,
  'gen_ai.output.type': 'text',
  'gen_ai.conversation.id': 'conv_5j66UpCpwteGg4YSxUnt7lPY',
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: COMPLETION }], finish_reason: 'stop' }]),
  'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM_PROMPT }]),
  'server.address': 'api.openai.com',
  'server.port': 443,
};

/** A chat span as older GenAI instrumentations (and OpenLLMetry) emit it. */
const GEN_AI_LEGACY: Record<string, PlainValue> = {
  'gen_ai.system': 'OpenAI',
  'llm.request.type': 'chat',
  'gen_ai.request.model': 'gpt-3.5-turbo',
  'gen_ai.response.model': 'gpt-3.5-turbo-0125',
  'gen_ai.usage.prompt_tokens': 40,
  'gen_ai.usage.completion_tokens': 12,
  'llm.usage.total_tokens': 52,
  'gen_ai.prompt.0.role': 'user',
  'gen_ai.prompt.0.content': PROMPT,
  'gen_ai.completion.0.role': 'assistant',
  'gen_ai.completion.0.content': COMPLETION,
  'gen_ai.completion.0.finish_reason': 'stop',
};

/** An LLM span as OpenInference's OpenAI instrumentation emits it. */
const OPENINFERENCE_LLM: Record<string, PlainValue> = {
  'openinference.span.kind': 'LLM',
  'llm.model_name': 'gpt-4o-mini-2024-07-18',
  'llm.provider': 'openai',
  'llm.system': 'openai',
  'llm.invocation_parameters': JSON.stringify({
    model: 'gpt-4o-mini', temperature: 0.7, max_tokens: 512, seed: 7, stream: false,
    stop: ['END'], tool_choice: 'auto', system: SYSTEM_PROMPT, user: 'customer-42', response_format: { type: 'json_object' },
  }),
  'input.value': JSON.stringify({ messages: [{ role: 'user', content: PROMPT }] }),
  'input.mime_type': 'application/json',
  'output.value': JSON.stringify({ choices: [{ message: { content: COMPLETION } }] }),
  'output.mime_type': 'application/json',
  'llm.input_messages.0.message.role': 'user',
  'llm.input_messages.0.message.content': PROMPT,
  'llm.output_messages.0.message.role': 'assistant',
  'llm.output_messages.0.message.content': COMPLETION,
  'llm.token_count.prompt': 28,
  'llm.token_count.completion': 14,
  'llm.token_count.total': 42,
  'llm.token_count.prompt_details.cache_read': 0,
  'llm.token_count.completion_details.reasoning': 0,
};

function extract(...attrs: Record<string, PlainValue>[]): { batches: InferenceBatch[]; rejected: number } {
  const sink = new RecordingInferenceSink();
  const result = new SpanExtractor(sink).consumeTraces(traces(...attrs.map((a) => span(a, { kind: SpanKind.CLIENT }))));
  return { batches: sink.batches, rejected: result.rejected };
}

function features(batch: InferenceBatch): Record<string, unknown> {
  return Object.fromEntries([...batch.features].map(([name, values]) => [name, values[0]]));
}

describe('LLM spans: OpenTelemetry GenAI', () => {
  it('reads a chat span: request model as name, response model as version, usage and parameters as features', () => {
    const { batches, rejected } = extract(GEN_AI_CHAT);
    assert.equal(rejected, 0);
    assert.equal(batches.length, 1);
    const b = batches[0];
    assert.equal(b.model, 'gpt-4o-mini');
    assert.equal(b.version, 'gpt-4o-mini-2024-07-18');
    assert.equal(b.task, 'generation');
    assert.equal(b.rows, 1);
    assert.deepEqual(b.inferenceIds, [b.spanId]);
    assert.equal(b.errorType, undefined);
    assert.deepEqual(features(b), {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.frequency_penalty': 0,
      'gen_ai.request.presence_penalty': 0.5,
      'gen_ai.request.choice.count': 1,
      'gen_ai.response.finish_reasons': 'stop',
      'gen_ai.usage.input_tokens': 31,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.output.type': 'text',
      [DURATION_FEATURE]: 1,
    });
  });

  it('reads the older keys into the current feature names', () => {
    const { batches } = extract(GEN_AI_LEGACY);
    const b = batches[0];
    assert.equal(b.model, 'gpt-3.5-turbo');
    assert.equal(b.version, 'gpt-3.5-turbo-0125');
    assert.deepEqual(features(b), {
      'gen_ai.provider.name': 'OpenAI',
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 12,
      'llm.usage.total_tokens': 52,
      [DURATION_FEATURE]: 1,
    });
  });

  it('prefers the current key to its old alias, whatever their order', () => {
    for (const attrs of [
      { 'gen_ai.request.model': 'm', 'gen_ai.usage.prompt_tokens': 1, 'gen_ai.usage.input_tokens': 2 },
      { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 2, 'gen_ai.usage.prompt_tokens': 1 },
    ]) {
      assert.equal(features(extract(attrs).batches[0])['gen_ai.usage.input_tokens'], 2);
    }
  });

  it('names the model by the response model alone when the request model is absent', () => {
    const b = extract({ 'gen_ai.response.model': 'claude-3-5-sonnet-20241022' }).batches[0];
    assert.equal(b.model, 'claude-3-5-sonnet-20241022');
    assert.equal(b.version, 'unversioned');
  });

  it('reads embeddings as the embedding task', () => {
    const b = extract({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 8, 'gen_ai.request.encoding_formats': ['float'] }).batches[0];
    assert.equal(b.task, 'embedding');
    assert.deepEqual(features(b), { 'gen_ai.usage.input_tokens': 8, [DURATION_FEATURE]: 1 });
  });

  it('ignores agent, tool and workflow spans, whose model calls have spans of their own', () => {
    const { batches, rejected } = extract(
      { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Math Tutor', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 900 },
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'Flights', 'gen_ai.request.model': 'gpt-4o' },
      { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'Flights' },
    );
    assert.equal(rejected, 0);
    assert.equal(batches.length, 0);
  });

  it('marks a failed call and keeps the features it has', () => {
    const sink = new RecordingInferenceSink();
    const x = new SpanExtractor(sink);
    x.consumeTraces(traces(
      span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'error.type': 'RateLimitError' }, { status: { code: StatusCode.ERROR, message: '429' } }),
      span({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }, { status: { code: StatusCode.ERROR, message: 'timeout' } }),
    ));
    assert.deepEqual(sink.batches.map((b) => b.errorType), ['RateLimitError', UNKNOWN_ERROR_TYPE]);
    assert.deepEqual(sink.batches.map((b) => b.version), ['unversioned', 'unversioned']);
  });

  it('drops values of the wrong type instead of rejecting the span', () => {
    const { batches, rejected } = extract({
      'gen_ai.request.model': 'm',
      'gen_ai.usage.input_tokens': '31',
      'gen_ai.usage.output_tokens': { n: 1 },
      'gen_ai.request.temperature': NaN,
      'gen_ai.response.finish_reasons': [1],
      'gen_ai.provider.name': 3,
      'gen_ai.request.stream': 'yes',
    });
    assert.equal(rejected, 0);
    assert.deepEqual(features(batches[0]), { [DURATION_FEATURE]: 1 });
  });

  it('takes the first finish reason, or a plain string, and the stream flag', () => {
    const b = extract({ 'gen_ai.request.model': 'm', 'gen_ai.response.finish_reasons': ['length', 'stop'], 'gen_ai.request.stream': true }).batches[0];
    assert.equal(features(b)['gen_ai.response.finish_reasons'], 'length');
    assert.equal(features(b)['gen_ai.request.stream'], true);
    const c = extract({ 'gen_ai.request.model': 'm', 'gen_ai.response.finish_reasons': 'tool_calls' }).batches[0];
    assert.equal(features(c)['gen_ai.response.finish_reasons'], 'tool_calls');
  });

  it('leaves the duration out when the span has no start or ends before it starts', () => {
    const sink = new RecordingInferenceSink();
    new SpanExtractor(sink).consumeTraces(traces(
      span({ 'gen_ai.request.model': 'm' }, { startTimeUnixMs: 1000, endTimeUnixMs: 3500 }),
      span({ 'gen_ai.request.model': 'm' }, { startTimeUnixMs: 0, endTimeUnixMs: 3500 }),
      span({ 'gen_ai.request.model': 'm' }, { startTimeUnixMs: 4000, endTimeUnixMs: 3500 }),
    ));
    assert.deepEqual(sink.batches.map((b) => b.features.get(DURATION_FEATURE)), [[2.5], undefined, undefined]);
  });

  it('reads modelwatch spans by §1 even when they also carry GenAI attributes', () => {
    const b = extract({ 'ml.model.name': 'router', 'ml.feature.x': 1, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 3 }).batches[0];
    assert.equal(b.model, 'router');
    assert.deepEqual([...b.features.keys()], ['x']);
  });
});

describe('LLM spans: OpenInference', () => {
  it('reads an LLM span: model, token counts, provider and invocation parameters as features', () => {
    const { batches, rejected } = extract(OPENINFERENCE_LLM);
    assert.equal(rejected, 0);
    const b = batches[0];
    assert.equal(b.model, 'gpt-4o-mini-2024-07-18');
    assert.equal(b.version, 'unversioned');
    assert.equal(b.task, 'generation');
    assert.deepEqual(features(b), {
      'llm.provider': 'openai',
      'llm.system': 'openai',
      'llm.invocation_parameters.temperature': 0.7,
      'llm.invocation_parameters.max_tokens': 512,
      'llm.invocation_parameters.stream': false,
      'llm.invocation_parameters.tool_choice': 'auto',
      'llm.token_count.prompt': 28,
      'llm.token_count.completion': 14,
      'llm.token_count.total': 42,
      'llm.token_count.prompt_details.cache_read': 0,
      'llm.token_count.completion_details.reasoning': 0,
      [DURATION_FEATURE]: 1,
    });
  });

  it('names the model by llm.request.model_name and versions it by the response model', () => {
    const b = extract({
      'openinference.span.kind': 'LLM', 'llm.request.model_name': 'claude-opus', 'llm.response.model_name': 'claude-opus-20250101', 'llm.model_name': 'x',
    }).batches[0];
    assert.equal(b.model, 'claude-opus');
    assert.equal(b.version, 'claude-opus-20250101');
  });

  it('reads EMBEDDING spans, and LLM spans without a span kind', () => {
    const { batches } = extract(
      { 'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.token_count.prompt': 5 },
      { 'llm.model_name': 'mistral-small', 'llm.token_count.prompt': 7 },
    );
    assert.deepEqual(batches.map((b) => [b.model, b.task]), [['text-embedding-3-small', 'embedding'], ['mistral-small', 'generation']]);
  });

  it('ignores chain, agent and tool spans, and LLM spans without a model', () => {
    const { batches, rejected } = extract(
      { 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o', 'input.value': PROMPT },
      { 'openinference.span.kind': 'AGENT', 'llm.model_name': 'gpt-4o' },
      { 'openinference.span.kind': 'TOOL', 'tool.name': 'search' },
      { 'openinference.span.kind': 'LLM', 'llm.token_count.prompt': 3 },
    );
    assert.equal(rejected, 0);
    assert.equal(batches.length, 0);
  });

  it('skips invocation parameters that are not a JSON object, keeping the span', () => {
    for (const json of ['{not json', '[1,2]', '"x"', 'null', 42]) {
      const { batches, rejected } = extract({ 'llm.model_name': 'm', 'llm.invocation_parameters': json, 'llm.token_count.prompt': 1 });
      assert.equal(rejected, 0);
      assert.deepEqual(features(batches[0]), { 'llm.token_count.prompt': 1, [DURATION_FEATURE]: 1 }, String(json));
    }
  });

  it('takes at most 32 invocation parameters from one span', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, i]));
    const b = extract({ 'llm.model_name': 'm', 'llm.invocation_parameters': JSON.stringify(many) }).batches[0];
    assert.equal([...b.features.keys()].filter((k) => k.startsWith('llm.invocation_parameters.')).length, 32);
  });
});

describe('LLM spans: privacy and documentation', () => {
  it('never copies prompt, completion or system text into a feature', () => {
    const { batches } = extract(GEN_AI_CHAT, GEN_AI_LEGACY, OPENINFERENCE_LLM);
    assert.equal(batches.length, 3);
    for (const batch of batches) {
      for (const [name, values] of batch.features) {
        for (const value of values) {
          if (typeof value !== 'string') continue;
          for (const secret of [PROMPT, COMPLETION, SYSTEM_PROMPT, 'customer-42']) {
            assert.ok(!value.includes(secret) && !secret.includes(value), `feature ${name} holds text: ${value}`);
          }
        }
      }
    }
  });

  it('documents every feature of the table in src/extract/README.md', () => {
    const readme = readFileSync(new URL('../../../src/extract/README.md', import.meta.url), 'utf8');
    for (const [key, attribute] of LLM_FEATURE_ATTRIBUTES) {
      assert.ok(readme.includes(`\`${key}\``), `README.md does not mention ${key}`);
      assert.ok(readme.includes(`\`${attribute.feature}\``), `README.md does not mention ${attribute.feature}`);
    }
    assert.ok(readme.includes(`\`${DURATION_FEATURE}\``));
  });
});
