import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNAL_ATTRIBUTES } from '../../src/export/signal-names.js';
import { PrometheusServer, prometheusUnavailable } from '../helpers/prometheus-server.js';
import { CONVENTION_LABELS, CONVENTION_SERIES, type SeriesConvention } from './stack-conventions.js';
import { labelNamesIn, metricNamesIn } from './stack-promql.js';
import { STACK, compose, hostPathOf, isFile, readYaml } from './stack-files.js';

/**
 * The Grafana dashboard and provisioning of examples/stack. There is no Grafana here,
 * so no check renders a panel; these check what the dashboard asks for: every PromQL
 * query runs on a real Prometheus (Debian's) over synthetic series named and labelled
 * as docs/CONVENTIONS.md §3/§4 define them, and returns data; every datasource it
 * names is provisioned; every variable is used.
 */
const DASHBOARDS = join(STACK, 'grafana/dashboards');
const dashboard = JSON.parse(readFileSync(join(DASHBOARDS, 'modelwatch.json'), 'utf8'));
const datasources = readYaml(join(STACK, 'grafana/provisioning/datasources/datasources.yaml')).datasources as {
  name: string; uid: string; type: string; url: string; jsonData?: any;
}[];
const grafana = compose().services.grafana;

interface Target { refId: string; expr: string; datasource: { type: string; uid: string }; instant?: boolean }
interface Panel { id: number; type: string; title: string; description?: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: { uid: string; type: string }; targets?: Target[] }
const panels: Panel[] = dashboard.panels;
const variables: { name: string; query: string; datasource: { uid: string; type: string }; multi: boolean; includeAll: boolean; allValue?: string }[] = dashboard.templating.list;
const queryPanels = panels.filter((p) => p.type !== 'row');
const promTargets = queryPanels.flatMap((p) => (p.targets ?? []).filter((t) => t.datasource.type === 'prometheus').map((t) => ({ panel: p, target: t })));
const lokiExpressions = [
  ...queryPanels.flatMap((p) => (p.targets ?? []).filter((t) => t.datasource.type === 'loki').map((t) => t.expr)),
  ...dashboard.annotations.list.filter((a: any) => a.datasource?.type === 'loki').map((a: any) => a.expr as string),
];

/** Every `{type, uid}` datasource reference anywhere in the dashboard. */
function datasourceRefs(node: unknown, found: { type: string; uid: string }[] = []): { type: string; uid: string }[] {
  if (Array.isArray(node)) node.forEach((item) => datasourceRefs(item, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'datasource' && typeof value === 'object' && value !== null) found.push(value as { type: string; uid: string });
      else datasourceRefs(value, found);
    }
  }
  return found;
}

test('the dashboard is provisioned: Grafana\'s provider reads the folder that holds it, and the datasource file is where Grafana looks', () => {
  const provider = readYaml(join(STACK, 'grafana/provisioning/dashboards/dashboards.yaml')).providers[0];
  assert.equal(provider.type, 'file');
  assert.equal(hostPathOf(grafana, provider.options.path), DASHBOARDS);
  assert.deepEqual(readdirSync(DASHBOARDS), ['modelwatch.json']);
  for (const kind of ['datasources/datasources.yaml', 'dashboards/dashboards.yaml']) {
    assert.ok(isFile(hostPathOf(grafana, `/etc/grafana/provisioning/${kind}`) ?? ''), kind);
  }
});

test('every datasource the dashboard and the datasources\' links name is provisioned, with the type it is used as', () => {
  const byUid = new Map(datasources.map((d) => [d.uid, d]));
  assert.equal(byUid.size, datasources.length, 'uids are unique');
  const refs = datasourceRefs(dashboard).filter((ref) => ref.uid !== '-- Grafana --');
  assert.ok(refs.length > promTargets.length);
  for (const ref of refs) {
    assert.ok(byUid.has(ref.uid), `datasource uid ${ref.uid}`);
    assert.equal(byUid.get(ref.uid)!.type, ref.type, `datasource ${ref.uid}'s type`);
  }
  assert.deepEqual([...new Set(refs.map((r) => r.uid))].sort(), ['loki', 'prometheus']);
  // Alerts to traces, and traces back to alerts.
  const [derived] = byUid.get('loki')!.jsonData.derivedFields;
  assert.deepEqual({ matcherType: derived.matcherType, matcherRegex: derived.matcherRegex, datasourceUid: derived.datasourceUid }, {
    matcherType: 'label', matcherRegex: 'trace_id', datasourceUid: 'jaeger',
  });
  assert.equal(byUid.get('jaeger')!.type, 'jaeger');
  assert.equal(byUid.get('jaeger')!.jsonData.tracesToLogsV2.datasourceUid, 'loki');
});

test('the datasource file escapes Grafana\'s own ${...} from provisioning\'s environment expansion', () => {
  // Grafana expands $NAME and ${NAME} in the file's values (comments are not read).
  const strings = (node: unknown): string[] => typeof node === 'string' ? [node]
    : typeof node === 'object' && node !== null ? Object.values(node).flatMap(strings) : [];
  const uses = strings(datasources).flatMap((value) => [...value.matchAll(/(\$*)\{__/g)]);
  assert.ok(uses.length >= 2);
  for (const [, dollars] of uses) assert.equal(dollars, '$$', 'a Grafana variable is written $${...}');
});

test('panels have unique ids and do not overlap on the 24-column grid', () => {
  assert.equal(new Set(panels.map((p) => p.id)).size, panels.length);
  const cells = new Map<string, string>();
  for (const panel of panels) {
    const { x, y, w, h } = panel.gridPos;
    assert.ok(x >= 0 && w > 0 && x + w <= 24, `${panel.title}: ${JSON.stringify(panel.gridPos)}`);
    for (let row = y; row < y + h; row++) {
      for (let column = x; column < x + w; column++) {
        const key = `${row}:${column}`;
        assert.ok(!cells.has(key), `${panel.title} overlaps ${cells.get(key)}`);
        cells.set(key, panel.title);
      }
    }
  }
});

/** Grafana's built-in variables the queries may use. */
const GLOBALS = new Set(['__rate_interval', '__interval', '__range']);
const variableUses = (text: string) => [...text.matchAll(/\$\{?(\w+)\}?|\[\[(\w+)\]\]/g)].map((m) => m[1] ?? m[2]);

test('every template variable is used, and every variable used is defined', () => {
  const defined = new Set(variables.map((v) => v.name));
  const texts = [
    ...queryPanels.flatMap((p) => [p.title, ...(p.targets ?? []).map((t) => t.expr)]),
    ...variables.map((v) => v.query),
    ...lokiExpressions,
  ];
  const used = new Set(texts.flatMap(variableUses));
  for (const name of defined) assert.ok(used.has(name), `$${name} is never used`);
  for (const name of used) assert.ok(defined.has(name) || GLOBALS.has(name), `$${name} is not defined`);
  assert.deepEqual([...defined].sort(), ['feature', 'method', 'model', 'version']);
  // A multi-value variable expands to a regex: it must only be used with =~.
  for (const { target } of promTargets) {
    for (const v of variables.filter((v) => v.multi || v.includeAll)) {
      assert.doesNotMatch(target.expr, new RegExp(`[^~]="\\$${v.name}"`), `${target.expr}: $${v.name} needs =~`);
    }
  }
});

test('the queries read only series of docs/CONVENTIONS.md §3/§4 (and Prometheus\'s ALERTS), by labels those series carry', () => {
  const variableSelectors = variables.map((v) => /^label_values\((?:(.+),\s*)?\w+\)$/.exec(v.query)![1]).filter(Boolean);
  for (const expr of [...promTargets.map(({ target }) => target.expr), ...variableSelectors]) {
    const metrics = metricNamesIn(expr);
    if (metrics.length === 0) {
      assert.match(expr, /^\{[^}]+\}$/, `${expr}: a bare selector or a metric`);
      continue;
    }
    for (const metric of metrics) assert.ok(CONVENTION_SERIES.has(metric) || metric === 'ALERTS', `${metric} in ${expr}`);
    const allowed = metrics.includes('ALERTS') ? new Set([...CONVENTION_LABELS, 'alertstate', 'alertname']) : CONVENTION_LABELS;
    for (const label of labelNamesIn(expr)) assert.ok(allowed.has(label), `label ${label} in ${expr}`);
  }
});

test('the dashboard shows what the monitoring promises, per model and version', () => {
  const exprsOf = (type?: string) => promTargets.filter(({ panel }) => type === undefined || panel.type === type).map(({ target }) => target.expr);
  const all = exprsOf();
  const uses = (pattern: RegExp) => all.some((e) => pattern.test(e));
  // Drift heatmap: feature × time of the chosen method.
  assert.ok(exprsOf('heatmap').some((e) => metricNamesIn(e).includes('ml_drift_score') && e.includes('ml_drift_method="$method"')));
  assert.ok(uses(/^sum by \(ml_model_version\) \(ml_drift_detected\{/), 'drifted-feature count');
  assert.ok(uses(/^ml_drift_share\{/));
  for (const ratio of ['missing', 'type_mismatch', 'out_of_range', 'new_category']) assert.ok(uses(new RegExp(`^ml_data_quality_${ratio}_ratio\\{`)), ratio);
  for (const source of ['observed', 'estimated']) {
    for (const metric of ['accuracy', 'f1']) assert.ok(uses(new RegExp(`^ml_performance_${metric}\\{.*ml_performance_source="${source}"`)), `${source} ${metric}`);
  }
  assert.ok(uses(/^ml_performance_r2\{/) && uses(/^ml_feedback_coverage\{/));
  for (const q of ['0.5', '0.95', '0.99']) {
    assert.ok(uses(new RegExp(`^histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(le, ml_model_version\\) \\(rate\\(ml_inference_duration_seconds_bucket\\{`)), `p${q}`);
  }
  assert.ok(uses(/rate\(ml_inference_records_total\{/) && uses(/^ml_window_records\{/));
  // Every model-level query is filtered by the model and version variables.
  for (const expr of all) assert.match(expr, /ml_model_name=~"\$model", ml_model_version=~"\$version"/, expr);
  // Performance panels say which window their value is of, and where it comes from.
  for (const { panel } of promTargets.filter(({ target }) => /ml_performance_|ml_feedback_coverage/.test(target.expr))) {
    assert.match(panel.description ?? '', /latest window with figures/, `${panel.title} says which window it shows`);
    assert.doesNotMatch(panel.description ?? '', /does not publish/, `${panel.title} no longer says modelwatch publishes nothing`);
  }
  assert.ok(queryPanels.some((p) => p.type === 'logs' && p.datasource?.uid === 'loki'), 'an alerts panel from Loki');
});

test('the alert queries select modelwatch\'s ml.alert records by attributes the alerts carry', () => {
  // modelwatch's resource is service.name=modelwatch unless the environment renames it; Loki
  // indexes it as service_name.
  const environment = compose().services.modelwatch.environment ?? {};
  assert.ok(!('OTEL_SERVICE_NAME' in environment) && !('OTEL_RESOURCE_ATTRIBUTES' in environment));
  // Loki stores a record's attributes as structured metadata, dots turned into underscores.
  const attributes = new Set(Object.values(SIGNAL_ATTRIBUTES).map((a) => a.replace(/\./g, '_')));
  assert.ok(lokiExpressions.length >= 2);
  for (const expr of lokiExpressions) {
    const match = /^\{service_name="modelwatch"\}((?: \| \w+ (?:=~|!=|=) "[^"]*")+)$/.exec(expr);
    assert.ok(match, `${expr}: a stream selector and label filters`);
    const labels = [...match[1].matchAll(/\| (\w+) /g)].map((m) => m[1]);
    assert.ok(labels.includes('ml_alert_kind'), `${expr} keeps alert records only`);
    for (const label of labels) assert.ok(attributes.has(label), `${label} is not an alert attribute`);
  }
});

test('the PromQL helpers find metric and label names (the checks above depend on them)', () => {
  const expr = 'histogram_quantile(0.95, sum by (le, a) (rate(x_bucket{b=~"$v", c!="q{z}"}[$__rate_interval]))) < ignoring(d) (y offset 1w) - 0.05 or on() vector(1e-9)';
  assert.deepEqual(metricNamesIn(expr), ['x_bucket', 'y']);
  assert.deepEqual(labelNamesIn(expr), ['a', 'b', 'c', 'd', 'le']);
});

// --- Against a real Prometheus -------------------------------------------------------

/** Synthetic values for every label the conventions define. */
const SAMPLE_VALUES: Record<string, string[]> = {
  ml_model_name: ['churn'],
  ml_model_version: ['3', '4'],
  ml_feature_name: ['tenure', 'plan'],
  error_type: ['TypeError'],
};
const BUCKETS = ['0.005', '0.01', '0.05', '0.1', '+Inf'];

/** Every label set of one series of the conventions: the product of its labels' values. */
function labelSets(series: SeriesConvention): Record<string, string>[] {
  let sets: Record<string, string>[] = [{}];
  for (const label of series.labels.filter((l) => l !== 'le')) {
    const values = series.values[label] ?? SAMPLE_VALUES[label];
    assert.ok(values, `no sample values for ${label}`);
    const next = sets.flatMap((set) => values.map((value) => ({ ...set, [label]: value })));
    // An optional label (error_type "on failure"): series without it as well.
    sets = series.optional.includes(label) ? [...sets, ...next] : next;
  }
  return sets;
}

/** The conventions' series in the text exposition format; counters grow with each scrape. */
function exposition(scrape: number): string {
  const line = (name: string, labels: Record<string, string>, value: number) =>
    `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}} ${value}`;
  const lines: string[] = [];
  for (const series of CONVENTION_SERIES.values()) {
    for (const labels of labelSets(series)) {
      if (series.name.endsWith('_bucket')) BUCKETS.forEach((le, i) => lines.push(line(series.name, { ...labels, le }, scrape * (i + 1))));
      else if (series.kind === 'gauge') lines.push(line(series.name, labels, 0.25));
      else lines.push(line(series.name, labels, scrape * 10));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What Grafana would send: a multi-value variable as a regex of its values, a single one as its value. */
const SUBSTITUTIONS: Record<string, string> = {
  model: 'churn', version: '(3|4)', feature: '(tenure|plan)', method: 'ks', __rate_interval: '1m', __interval: '15s', __range: '1h',
};
const substitute = (expr: string) => expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => SUBSTITUTIONS[name] ?? whole);

test('every PromQL query of the dashboard parses and returns data on series shaped as the conventions define', { skip: prometheusUnavailable() }, async (t) => {
  let scrapes = 0;
  const target: Server = createServer((_request, response) => {
    scrapes += 1;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(scrapes));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const { port } = target.address() as { port: number };
  const prometheus = await PrometheusServer.start([`127.0.0.1:${port}`]);
  t.after(async () => {
    await prometheus.stop();
    await new Promise((resolve) => target.close(resolve));
  });
  // Two scrapes at least, so that rate() has something to work with.
  await prometheus.waitFor('rate(ml_inference_records_total[1m])', (result) => result.length > 0 && result.every((r) => r.value > 0));

  for (const { panel, target: query } of promTargets) {
    const expr = substitute(query.expr);
    const result = await prometheus.query(expr);
    // ALERTS holds only alerts that fired: none here, where no rule runs.
    if (metricNamesIn(expr).includes('ALERTS')) continue;
    assert.ok(result.length > 0, `${panel.title} (${query.refId}): no data for ${expr}`);
    assert.ok(result.every((r) => Number.isFinite(r.value)), `${panel.title}: ${JSON.stringify(result)}`);
  }

  // The variables' queries: label_values(selector, label) or label_values(label).
  for (const variable of variables) {
    const [, selector, label] = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(variable.query)!;
    const url = selector === undefined
      ? `${prometheus.url}/api/v1/label/${label}/values`
      : `${prometheus.url}/api/v1/series?match[]=${encodeURIComponent(substitute(selector))}`;
    const body = await (await fetch(url)).json() as { status: string; data: (string | Record<string, string>)[] };
    assert.equal(body.status, 'success', variable.query);
    const values = new Set(body.data.map((d) => (typeof d === 'string' ? d : d[label])).filter(Boolean));
    assert.ok(values.size > 0, `$${variable.name}: ${variable.query} finds no values`);
  }
});
