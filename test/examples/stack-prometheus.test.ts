import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { CONVENTION_LABELS, CONVENTION_SERIES } from './stack-conventions.js';
import { labelNamesIn, metricNamesIn } from './stack-promql.js';
import { PROMTOOL, STACK, readYaml, run, toolUnavailable } from './stack-files.js';

/**
 * examples/stack/prometheus: the configuration and the alert rules, checked by
 * Debian's promtool (syntax, and the rules' own unit tests: synthetic series in,
 * expected alerts out), and against the conventions and modelwatch's defaults.
 */
const DIR = join(STACK, 'prometheus');
const CONFIG = join(DIR, 'prometheus.yml');
const RULES = join(DIR, 'rules.yaml');
const RULE_TESTS = join(DIR, 'rules.test.yaml');
const skip = toolUnavailable(PROMTOOL, 'prometheus');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const groups = readYaml<{ groups: { name: string; rules: Rule[] }[] }>(RULES).groups;
const rules = groups.flatMap((g) => g.rules);

test('promtool accepts the Prometheus configuration and the rule file it names', { skip }, async () => {
  // Rule files are found relative to the configuration, as in the container.
  const { stdout } = await run(PROMTOOL, ['check', 'config', CONFIG]);
  assert.match(stdout, /SUCCESS: 1 rule files found/);
  assert.match(stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

test('promtool accepts the rules', { skip }, async () => {
  const { stdout } = await run(PROMTOOL, ['check', 'rules', RULES]);
  assert.match(stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

test('the rules\' unit tests pass: each alert fires on synthetic series when it should, with its labels and annotations, and not otherwise', { skip }, async () => {
  // promtool exits 1 on a failed test; run rejects then, with promtool's report of it.
  const { stdout } = await run(PROMTOOL, ['test', 'rules', RULE_TESTS], { cwd: DIR, maxBuffer: 1 << 20 });
  assert.match(stdout, /SUCCESS/);
});

test('every alert rule has a unit test that expects it to fire', () => {
  const tests = readYaml<{ tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }>(RULE_TESTS).tests;
  const fired = new Set(tests.flatMap((t) => t.alert_rule_test ?? []).filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname));
  assert.deepEqual(rules.map((r) => r.alert).filter((name) => !fired.has(name)), []);
});

test('the rules read only series of docs/CONVENTIONS.md §3/§4, by labels those series carry', () => {
  for (const rule of rules) {
    const metrics = metricNamesIn(rule.expr);
    assert.ok(metrics.length > 0, `${rule.alert}: no metric in ${rule.expr}`);
    for (const metric of metrics) assert.ok(CONVENTION_SERIES.has(metric), `${rule.alert}: ${metric} is not a series of the conventions`);
    for (const label of labelNamesIn(rule.expr)) assert.ok(CONVENTION_LABELS.has(label), `${rule.alert}: label ${label}`);
  }
});

test('every alert names its model and version, and its feature when the series has one, in labels and summary', () => {
  for (const rule of rules) {
    const series = metricNamesIn(rule.expr).map((name) => CONVENTION_SERIES.get(name)!);
    const carried = new Set(series.flatMap((s) => s.labels));
    const summary = rule.annotations?.summary ?? '';
    const description = rule.annotations?.description ?? '';
    assert.ok(description.length > 0, `${rule.alert} has a description`);
    for (const label of ['ml_model_name', 'ml_model_version', 'ml_feature_name', 'ml_performance_source']) {
      if (carried.has(label)) assert.match(summary, new RegExp(`\\$labels\\.${label}\\b`), `${rule.alert}'s summary names ${label}`);
    }
    // An annotation can only name labels the alert has.
    for (const [, label] of `${summary} ${description}`.matchAll(/\$labels\.(\w+)/g)) {
      assert.ok(carried.has(label), `${rule.alert} refers to $labels.${label}, which its series do not carry`);
    }
    assert.match(rule.labels?.severity ?? '', /^(info|warning|critical)$/, `${rule.alert}'s severity`);
    assert.match(rule.labels?.ml_alert_kind ?? '', /^(drift|data_quality|performance)$/, `${rule.alert}'s kind, as ml.alert.kind`);
  }
});

test('the drift and data-quality thresholds are modelwatch\'s defaults, so a rule fires on what modelwatch itself alerts on', () => {
  const defaults = loadConfig();
  const threshold = (alert: string, comparison: string) => {
    const rule = rules.find((r) => r.alert === alert);
    assert.ok(rule, alert);
    const match = new RegExp(`^(\\w+) ${comparison} ([\\d.]+)$`).exec(rule.expr);
    assert.ok(match, `${alert}: ${rule.expr}`);
    return { metric: match[1], value: Number(match[2]) };
  };
  assert.deepEqual(threshold('MLDatasetDrift', '>='), { metric: 'ml_drift_share', value: defaults.drift.drift_share });
  // modelwatch raises a data-quality alert for a ratio strictly above its threshold.
  const quality: [string, keyof typeof defaults.data_quality][] = [
    ['MLMissingValues', 'missing_ratio'],
    ['MLTypeMismatch', 'type_mismatch_ratio'],
    ['MLOutOfRange', 'out_of_range_ratio'],
    ['MLNewCategories', 'new_category_ratio'],
  ];
  for (const [alert, key] of quality) {
    assert.deepEqual(threshold(alert, '>'), { metric: `ml_data_quality_${key}`, value: defaults.data_quality[key] });
  }
});

test('observed and estimated performance are both covered: no performance rule pins ml_performance_source', () => {
  const performance = rules.filter((r) => metricNamesIn(r.expr).some((m) => m.startsWith('ml_performance_')));
  assert.deepEqual(
    [...new Set(performance.flatMap((r) => metricNamesIn(r.expr)))].sort(),
    ['ml_performance_accuracy', 'ml_performance_f1', 'ml_performance_r2'],
  );
  for (const rule of performance) assert.ok(!labelNamesIn(rule.expr).includes('ml_performance_source'), rule.alert);
});
