import { parseConfig } from '../../src/config/load-config.js';
import { ModelwatchError } from '../../src/errors.js';
import type { FuzzTarget } from './campaign.js';
import { FuzzRandom, mutateRawBytes } from './fuzz-random.js';

/** Valid `modelwatch serve` configurations touching every section (paths point nowhere: a missing file must be a clear error too). */
const CONFIG_SEEDS = [
  'receiver: { port: 0, max_body_bytes: 8MiB }\nwindows: { duration: 1m30s, min_records: 250 }\nreference: { size: 5000 }\n',
  [
    'drift:', '  calibrate: false', '  false_alarm_rate: 0.001', '  drift_share: 0.3',
    'data_quality:', '  missing_ratio: 0.2', '  new_category_ratio: 1',
    'feedback:', '  horizon: 2d', '  max_pending: 5000', '  retain_predictions: always',
    'performance: { accuracy_drop: 0.02, error_rise: 0.25 }',
    'samples: { size: 500, period: 1h }',
    'webhook:', '  url: https://hooks.example.com/retrain', '  max_attempts: 3', '  initial_backoff: 2s',
  ].join('\n'),
  [
    'models:', '  - name: fraud', '    version: "2024.06"', '    drift: { calibrate: true, false_alarm_rate: 0.02 }',
    '    features:', '      amount: { method: psi, threshold: 0.2 }', '      country: { categorical: true, method: chi2 }',
    '    ignore: [session]', '  - name: churn', '    version: 7', '    reference: { size: 200 }',
    'export:', '  endpoint: https://otlp.example.com:4318', '  protocol: http/json', '  headers: { x-api-key: secret }',
    'prometheus: { port: 0 }',
  ].join('\n'),
];

/** YAML that parsers have tripped on: anchors and aliases (a billion laughs), tags, flow collections left open, deep nesting, tabs. */
const YAML_TOKENS = [
  '&a [1, 2]', '*a', '*missing', '!!binary AAAA', '!!python/object:os.system', '!custom x', '<<: *a', '{', '[', '}', ']', '"unterminated',
  "'", '? ', '- ', ': ', '\t', '%YAML 1.1', '---', '...', '|', '>-', '#', '0x1F', '1e999', '.nan', '-.inf', '~', 'null', 'yes', '2001-12-14',
  '\u0000', '\uFEFF', '\ud800', '9'.repeat(400), '-9007199254740993', 'NaN',
];

function billionLaughs(depth: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= depth; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

/** One mutation of a configuration's text: lines dropped, doubled, re-indented, tokens inserted, bombs. */
export function mutateYaml(random: FuzzRandom, text: string): string {
  const lines = text.split('\n');
  const i = random.below(lines.length);
  switch (random.below(8)) {
    case 0: lines.splice(i, 1); break;
    case 1: lines.splice(i, 0, lines[i]); break;
    case 2: lines[i] = ' '.repeat(random.below(9)) + lines[i].trimStart(); break;
    case 3: {
      const at = random.below(lines[i].length + 1);
      lines[i] = lines[i].slice(0, at) + random.pick(YAML_TOKENS) + lines[i].slice(at);
      break;
    }
    case 4: {
      const colon = lines[i].indexOf(':');
      if (colon >= 0) lines[i] = `${lines[i].slice(0, colon + 1)} ${random.pick(YAML_TOKENS)}`;
      break;
    }
    case 5: return random.chance(0.5) ? billionLaughs(random.size(9)) : `${text}\n${'['.repeat(random.size(5000))}`;
    case 6: return `${text}\n${'x:\n'.repeat(1)}${Array.from({ length: random.size(200) }, (_, d) => `${' '.repeat(2 * (d + 1))}k${d}:`).join('\n')}`;
    default: return Buffer.from(mutateRawBytes(random, Buffer.from(text))).toString('utf8');
  }
  return lines.join('\n');
}

/**
 * The configuration loader on mutated YAML: the configuration, or a ModelwatchError
 * (ConfigError) naming the source; never another exception.
 */
export function configTarget(): FuzzTarget<string> {
  return {
    name: 'config',
    generate: (random) => {
      let text = random.pick(CONFIG_SEEDS);
      for (let n = 1 + random.below(3); n > 0; n--) text = mutateYaml(random, text);
      return text;
    },
    describe: (text) => text,
    check(text) {
      try {
        parseConfig(text, { name: 'fuzz.yaml', baseDir: '/nonexistent-fuzz-dir' });
        return undefined;
      } catch (error) {
        if (!(error instanceof ModelwatchError)) return `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
        if (!error.message.includes('fuzz.yaml')) return `a message that does not name the file: ${error.message}`;
        return undefined;
      }
    },
  };
}
