import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, STACK, readYaml, run } from './stack-files.js';

/**
 * The dashboard against Grafana's own definitions, where an npm package carries them:
 * the panel and query types of @grafana/grafana-foundation-sdk (generated from
 * Grafana's schemas) and the LogQL grammar of @grafana/lezer-logql (the parser of
 * Grafana's Loki query editor). Neither is a dependency of this package yet; each test
 * runs once its package is installed and says so while it is not.
 */
const dashboard = JSON.parse(readFileSync(join(STACK, 'grafana/dashboards/modelwatch.json'), 'utf8'));

const installed = (specifier: string) => {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
};
const missing = (name: string) => (installed(`${name}${name.endsWith('sdk') ? '/dashboard' : ''}`)
  ? undefined
  : `${name} is not installed (a dev dependency to add for this check)`);

/** The foundation SDK module of each panel type the dashboard uses. */
const PANEL_MODULES: Record<string, string> = { heatmap: 'heatmap', timeseries: 'timeseries', stat: 'stat', table: 'table', logs: 'logs' };
const QUERY_TYPES: Record<string, string> = { prometheus: 'prometheus.Dataquery', loki: 'loki.dataquery' };

/**
 * A TypeScript file asserting, with `satisfies`, that each part of the dashboard is a
 * value of the SDK's type. Every key becomes optional (Grafana fills defaults when it
 * loads a dashboard), so what fails is a key Grafana does not know or a value its
 * type does not allow; string enums are compared by value.
 */
function schemaCheck(): string {
  const json = (value: unknown) => JSON.stringify(value);
  const lines = [
    'import type * as dashboard from \'@grafana/grafana-foundation-sdk/dashboard\';',
    'import type * as prometheus from \'@grafana/grafana-foundation-sdk/prometheus\';',
    'import type * as loki from \'@grafana/grafana-foundation-sdk/loki\';',
    ...Object.values(PANEL_MODULES).map((m) => `import type * as ${m} from '@grafana/grafana-foundation-sdk/${m}';`),
    'type Loose<T> = T extends string ? `${T}` : T extends number | boolean | null | undefined ? T'
      + ' : T extends readonly (infer U)[] ? Loose<U>[]'
      + ' : T extends object ? { [K in keyof T as T[K] extends (...args: any[]) => any ? never : K]?: Loose<T[K]> } : T;',
  ];
  const { panels, ...rest } = dashboard;
  lines.push(`export const dashboardCheck = ${json({ ...rest, panels: [] })} satisfies Loose<dashboard.Dashboard>;`);
  (panels as any[]).forEach((panel, i) => {
    if (panel.type === 'row') {
      lines.push(`export const panel${i} = ${json(panel)} satisfies Loose<dashboard.RowPanel>;`);
      return;
    }
    const module = PANEL_MODULES[panel.type];
    assert.ok(module, `panel type ${panel.type} has no module here`);
    const { options, fieldConfig, targets, ...common } = panel;
    const custom = fieldConfig?.defaults?.custom;
    const withoutCustom = fieldConfig === undefined ? common : { ...common, fieldConfig: { ...fieldConfig, defaults: { ...fieldConfig.defaults, custom: undefined } } };
    lines.push(`export const panel${i} = ${json(withoutCustom)} satisfies Loose<dashboard.Panel>;`);
    lines.push(`export const options${i} = ${json(options)} satisfies Loose<${module}.Options>;`);
    if (custom !== undefined) lines.push(`export const custom${i} = ${json(custom)} satisfies Loose<${module}.FieldConfig>;`);
    (targets as any[]).forEach((target, j) => {
      lines.push(`export const target${i}_${j} = ${json(target)} satisfies Loose<${QUERY_TYPES[target.datasource.type]}>;`);
    });
  });
  return `${lines.join('\n')}\n`;
}

test('the dashboard\'s panels, options and queries are values of Grafana\'s types (@grafana/grafana-foundation-sdk)', {
  skip: missing('@grafana/grafana-foundation-sdk'),
}, async () => {
  // Inside the repository, so the check file finds node_modules.
  const dir = join(REPO, 'dist/test/examples/grafana-schema-check');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, 'check.ts'), schemaCheck());
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true },
      files: ['check.ts'],
    }));
    await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch((error) => {
      assert.fail(`the dashboard does not match Grafana's types:\n${error.stdout}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every LogQL query (the alert panel, the annotation, the traces-to-alerts link) parses with Grafana\'s LogQL grammar', {
  skip: missing('@grafana/lezer-logql'),
}, async () => {
  const name = '@grafana/lezer-logql';
  const { parser } = await import(name) as { parser: { parse(text: string): { iterate(spec: { enter(node: { type: { isError: boolean }; from: number }): void }): void } } };
  const datasources = readYaml(join(STACK, 'grafana/provisioning/datasources/datasources.yaml')).datasources as { jsonData?: any }[];
  const queries: string[] = [
    ...dashboard.panels.flatMap((p: any) => (p.targets ?? []).filter((t: any) => t.datasource.type === 'loki').map((t: any) => t.expr)),
    ...dashboard.annotations.list.filter((a: any) => a.datasource?.type === 'loki').map((a: any) => a.expr),
    ...datasources.map((d) => d.jsonData?.tracesToLogsV2?.query).filter(Boolean),
  ];
  assert.equal(queries.length, 3);
  const errorsIn = (query: string) => {
    const at: number[] = [];
    parser.parse(query).iterate({ enter: (node) => { if (node.type.isError) at.push(node.from); } });
    return at;
  };
  // Grafana replaces its variables before Loki sees a query; so does this check.
  for (const query of queries) {
    const sent = query.replace(/\$\$\{__trace\.traceId\}|\$\{?\w+\}?/g, 'x');
    assert.deepEqual(errorsIn(sent), [], `${query} does not parse`);
  }
  assert.notDeepEqual(errorsIn('{service_name="modelwatch"} | ml_alert_kind != "" |'), [], 'the grammar rejects a broken query');
});
