import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './stack-files.js';

/**
 * The Prometheus series docs/CONVENTIONS.md defines, read from the document itself
 * (§3's instrumentation metrics and §4's processor signals), so dashboards and rules
 * are checked against the contract as written, not against a copy of it.
 */
export interface SeriesConvention {
  /** Prometheus name, e.g. `ml_drift_score`, `ml_inference_duration_seconds_bucket`. */
  readonly name: string;
  /** Label names (attributes with dots turned into underscores). */
  readonly labels: readonly string[];
  /** Labels whose values the document lists (`ml_drift_method`, `ml_performance_source`). */
  readonly values: Readonly<Record<string, readonly string[]>>;
  /** Labels present only on some series (`error_type`, "on failure"). */
  readonly optional: readonly string[];
  readonly kind: 'gauge' | 'counter' | 'histogram';
}

export const CONVENTIONS_TEXT = readFileSync(join(REPO, 'docs/CONVENTIONS.md'), 'utf8');

const labelOf = (attribute: string) => attribute.replace(/\./g, '_');
const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function section(number: number): string {
  const start = CONVENTIONS_TEXT.indexOf(`\n## ${number}. `);
  const end = CONVENTIONS_TEXT.indexOf(`\n## ${number + 1}. `, start + 1);
  if (start < 0) throw new Error(`docs/CONVENTIONS.md has no section ${number}`);
  return CONVENTIONS_TEXT.slice(start, end < 0 ? undefined : end);
}

/** Rows of the first markdown table in `text`, as cell lists (header and rule dropped). */
function firstTable(text: string): string[][] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first; i >= 0 && i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows.slice(2);
}

/** Unit suffixes the Collector's Prometheus exporter appends (only `s` occurs in §3). */
const UNIT_SUFFIX: Record<string, string> = { s: '_seconds' };

/** §3's first table: the metrics every instrumented app emits. */
function instrumentationSeries(): SeriesConvention[] {
  const series: SeriesConvention[] = [];
  for (const [nameCell, instrument, unitCell, attributesCell] of firstTable(section(3))) {
    const [otelName] = backticked(nameCell);
    const unit = unitCell.replace(/`/g, '');
    const base = labelOf(otelName) + (unit.startsWith('{') ? '' : UNIT_SUFFIX[unit] ?? `_${unit}`);
    const labels = backticked(attributesCell).map(labelOf);
    // `error.type` on failure: a label only some series carry.
    const optional = attributesCell.split(',').filter((part) => part.includes(' on ')).flatMap(backticked).map(labelOf);
    const common = { values: {}, optional };
    if (instrument === 'histogram') {
      series.push({ ...common, name: `${base}_bucket`, labels: [...labels, 'le'], kind: 'histogram' });
      series.push({ ...common, name: `${base}_sum`, labels, kind: 'histogram' });
      series.push({ ...common, name: `${base}_count`, labels, kind: 'histogram' });
    } else if (instrument === 'counter') {
      series.push({ ...common, name: `${base}_total`, labels, kind: 'counter' });
    } else {
      throw new Error(`docs/CONVENTIONS.md §3: instrument ${instrument} of ${otelName} is not handled here`);
    }
  }
  return series;
}

/** §4's table: the processor's signals. */
function processorSeries(): SeriesConvention[] {
  const text = section(4);
  const everyMetric = /Every metric carries `([^`]+)` and `([^`]+)`/.exec(text);
  if (everyMetric === null) throw new Error('docs/CONVENTIONS.md §4 no longer says which attributes every metric carries');
  const common = [labelOf(everyMetric[1]), labelOf(everyMetric[2])];
  const methods = /Drift methods \(`ml\.drift\.method` values\): ([^\n]+(?:\n[^\n]+)*?)\.\n/.exec(text);
  if (methods === null) throw new Error('docs/CONVENTIONS.md §4 no longer lists the drift methods');
  const driftMethods = backticked(methods[1]);

  const series: SeriesConvention[] = [];
  for (const [, promCell, type, extraCell, meaning] of firstTable(text)) {
    const [promName] = backticked(promCell);
    const attributes = backticked(extraCell).filter((token) => token.startsWith('ml.'));
    const values: Record<string, string[]> = {};
    // `ml.performance.source` = `observed` or `estimated`
    const listed = /`([^`]+)`\s*=\s*(.+)$/.exec(extraCell);
    if (listed !== null) values[labelOf(listed[1])] = backticked(listed[2]);
    if (attributes.includes('ml.drift.method')) values.ml_drift_method = driftMethods;
    const labels = [...common, ...attributes.map(labelOf)];
    const kind = 'gauge' as const;
    if (promName.includes('<metric>')) {
      for (const metric of meaning.split(',').map((m) => m.trim()).filter(Boolean)) {
        series.push({ name: promName.replace('<metric>', metric), labels, values, optional: [], kind });
      }
    } else {
      if (!type.startsWith('gauge')) throw new Error(`docs/CONVENTIONS.md §4: ${promName} is a ${type}, not handled here`);
      series.push({ name: promName, labels, values, optional: [], kind });
    }
  }
  return series;
}

/** Every Prometheus series §3 and §4 define, by name. */
export const CONVENTION_SERIES: ReadonlyMap<string, SeriesConvention> = new Map(
  [...instrumentationSeries(), ...processorSeries()].map((s) => [s.name, s]),
);

/** Every label name those series carry. */
export const CONVENTION_LABELS: ReadonlySet<string> = new Set([...CONVENTION_SERIES.values()].flatMap((s) => s.labels));
