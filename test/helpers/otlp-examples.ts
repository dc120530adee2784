import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './fixtures.js';

/**
 * The official OTLP/JSON request examples (opentelemetry-proto `examples/`, proto
 * v1.11.0), committed unchanged in test/fixtures/otlp-examples with their README.
 */
export type OtlpExample = 'trace.json' | 'metrics.json' | 'logs.json' | 'events.json';

export function readOtlpExample(name: OtlpExample): string {
  return readFileSync(join(fixturesDir, 'otlp-examples', name), 'utf8');
}
