import type { DriftBins } from '../evaluate/window/drift-bins.js';
import type { ModelKey } from '../extract/inference-batch.js';
import type { FeatureSignal } from '../pipeline/window-signals.js';
import { distributionData } from '../pictures/distribution-data.js';
import { alertFields } from '../webhook/alert-payload.js';
import type { DashboardHistory, RaisedAlert, VersionHistory } from './dashboard-history.js';
import { TRACE_ID_PLACEHOLDER } from './dashboard-config.js';
import { comparedValue, QUALITY_RATIOS, type WindowRow } from './window-history.js';

/** A model version as the registry lists it. */
export interface ListedVersion extends ModelKey {
  readonly phase: 'reference' | 'monitoring';
  readonly referenceRows: number;
}

/** Categories a distribution shows one by one; the rest are pooled into one bar, so a feature of 10,000 categories stays readable and fast. */
export const SHOWN_CATEGORIES = 40;

/** A version's state in one word for code and in one sentence for people (the page shows the sentence beside any colour). */
export type VersionStatus = 'collecting' | 'waiting' | 'no_verdict' | 'ok' | 'drift' | 'dataset_drift';

export function versionStatus(listed: ListedVersion, history: VersionHistory | undefined): { status: VersionStatus; statusText: string } {
  if (listed.phase === 'reference') {
    return { status: 'collecting', statusText: `collecting its reference (${listed.referenceRows} rows so far)` };
  }
  const rows = history?.rows ?? [];
  const last = rows.at(-1);
  if (last === undefined) return { status: 'waiting', statusText: 'monitoring; no window closed yet' };
  const judged = rows.findLast((row) => row.evaluated && row.features.length > 0);
  if (last !== judged) {
    // Said with the last verdict there is, so a quiet window does not hide the drift before it.
    const before = judged === undefined ? '' : `; the last verdict, in the window ending ${iso(judged.endUnixMs)}: ${verdictOf(judged).statusText}`;
    return { status: 'no_verdict', statusText: `no verdict in the last window (${last.records} records, fewer than the minimum)${before}` };
  }
  return verdictOf(last);
}

function verdictOf(row: WindowRow): { status: VersionStatus; statusText: string } {
  let inputs = 0;
  let drifted = 0;
  row.features.forEach((name, i) => {
    if (name.startsWith('ml.prediction')) return;
    inputs++;
    if (row.drifted[i] === 1) drifted++;
  });
  if (row.datasetDrifted) return { status: 'dataset_drift', statusText: `dataset drift: ${drifted} of ${inputs} features drifted` };
  if (drifted > 0) return { status: 'drift', statusText: `drift in ${drifted} of ${inputs} features` };
  return { status: 'ok', statusText: `no drift in ${inputs} features` };
}

/** `GET /ui/api/models`. */
export function modelsJson(listed: readonly ListedVersion[], history: DashboardHistory) {
  return {
    models: listed.map((version) => {
      const kept = history.versionOf(version);
      const last = kept?.rows.at(-1);
      return {
        model: version.model,
        version: version.version,
        phase: version.phase,
        referenceRows: version.referenceRows,
        ...versionStatus(version, kept),
        lastWindow: last === undefined ? null : { start: iso(last.startUnixMs), end: iso(last.endUnixMs), records: last.records, evaluated: last.evaluated },
        alerts: history.recentAlerts(version).length,
      };
    }),
  };
}

/** `GET /ui/api/models/{name}/{version}`: the heatmap (rows: features of the last window; columns: windows, oldest first), the last window's features, performance and alerts. */
export function versionJson(listed: ListedVersion, history: DashboardHistory, traceUrl: string | undefined) {
  const kept = history.versionOf(listed);
  const rows = kept?.rows ?? [];
  const features = featureNames(rows);
  return {
    model: listed.model,
    version: listed.version,
    phase: listed.phase,
    ...versionStatus(listed, kept),
    qualityThresholds: history.qualityThresholds,
    features,
    windows: rows.map((row) => {
      const index = indexOf(row);
      return {
        start: iso(row.startUnixMs),
        end: iso(row.endUnixMs),
        records: row.records,
        evaluated: row.evaluated,
        driftShare: finite(row.driftShare),
        datasetDrifted: row.datasetDrifted,
        // Aligned on `features`: null where the feature was not judged in that window.
        drifted: features.map((name) => {
          const i = index.get(name);
          return i === undefined ? null : row.drifted[i] === 1;
        }),
        values: features.map((name) => {
          const i = index.get(name);
          return i === undefined ? null : finite(row.values[i]);
        }),
      };
    }),
    latest: kept?.latest === undefined ? null : {
      start: iso(kept.latest.windowStartUnixMs),
      end: iso(kept.latest.windowEndUnixMs),
      records: kept.latest.records,
      features: kept.latest.features.map(featureJson),
    },
    performance: [...(kept?.performance.values() ?? [])].reverse().map((p) => ({
      source: p.source,
      start: iso(p.windowStartUnixMs),
      end: iso(p.windowEndUnixMs),
      metrics: roundedRecord(p.metrics),
      baseline: p.baseline === undefined ? null : roundedRecord(p.baseline),
      labelled: p.labelled,
      coverage: finite(p.coverage),
    })),
    alerts: history.recentAlerts(listed).map((raised) => alertJson(raised, traceUrl)),
  };
}

/** `GET /ui/api/models/{name}/{version}/features/{feature}`: the feature's last windows and its two distributions, or undefined when the version never judged it. */
export function featureJson(signal: FeatureSignal) {
  return {
    name: signal.name,
    method: signal.method,
    statistic: finite(signal.statistic),
    pValue: signal.pValue === null ? null : finite(signal.pValue),
    value: finite(comparedValue(signal)),
    threshold: finite(signal.threshold),
    thresholdSource: signal.thresholdSource,
    drifted: signal.drifted,
    quality: {
      missingRatio: finite(signal.quality.missingRatio),
      typeMismatchRatio: finite(signal.quality.typeMismatchRatio),
      outOfRangeRatio: signal.quality.outOfRangeRatio === null ? null : finite(signal.quality.outOfRangeRatio),
      newCategoryRatio: signal.quality.newCategoryRatio === null ? null : finite(signal.quality.newCategoryRatio),
    },
  };
}

export function featureDetailJson(kept: VersionHistory, feature: string) {
  const signal = kept.latest?.features.find((f) => f.name === feature);
  if (signal === undefined) return undefined;
  return {
    model: kept.key.model,
    version: kept.key.version,
    feature,
    window: { start: iso(kept.latest!.windowStartUnixMs), end: iso(kept.latest!.windowEndUnixMs) },
    verdict: featureJson(signal),
    distribution: signal.bins === undefined ? null : distributionJson(signal.bins),
    windows: kept.rows.flatMap((row) => {
      const i = indexOf(row).get(feature);
      if (i === undefined) return [];
      const quality = Object.fromEntries(QUALITY_RATIOS.map((ratio, r) => [ratio, finite(row.quality[i * QUALITY_RATIOS.length + r])]));
      return [{
        start: iso(row.startUnixMs), end: iso(row.endUnixMs), method: row.methods[i],
        value: finite(row.values[i]), threshold: finite(row.thresholds[i]), drifted: row.drifted[i] === 1, quality,
      }];
    }),
  };
}

/**
 * The reference's and the window's counts on the verdict's own bins (DriftBins), as
 * drawDistributionChart (src/pictures/distribution-chart-script.ts) draws them, with
 * the numeric bins' edges and whether the data is numerical or categorical.
 */
export function distributionJson(bins: DriftBins) {
  const chart = distributionData(bins, { mostCategories: SHOWN_CATEGORIES, numberText: short });
  return 'edges' in bins ? { kind: 'numerical' as const, edges: Array.from(bins.edges), ...chart } : { kind: 'categorical' as const, ...chart };
}

/** An alert as the webhook sends it (alertFields), with when it was raised and the link to its trace. */
export function alertJson({ raisedUnixMs, alert }: RaisedAlert, traceUrl: string | undefined) {
  const { exemplar } = alert;
  return {
    raised: iso(raisedUnixMs),
    ...alertFields(alert),
    trace_url: exemplar === undefined || traceUrl === undefined ? null : traceLink(traceUrl, exemplar.traceId, exemplar.spanId),
  };
}

/** `ui.trace_url` with the ids in (hex, so nothing to escape). */
export function traceLink(template: string, traceId: string, spanId: string): string {
  return template.split(TRACE_ID_PLACEHOLDER).join(traceId).split('{span_id}').join(spanId);
}

/**
 * The heatmap's rows: the features of the kept windows, in the order of the newest
 * window that has them (windows without a verdict have none); each distinct names
 * array (rows share them) is read once.
 */
function featureNames(rows: readonly WindowRow[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  const read = new Set<readonly string[]>();
  for (let r = rows.length - 1; r >= 0; r--) {
    const { features } = rows[r];
    if (read.has(features)) continue;
    read.add(features);
    for (const name of features) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

/** Each row's feature → index, computed once per distinct names array. */
const indexes = new WeakMap<readonly string[], Map<string, number>>();
function indexOf(row: WindowRow): Map<string, number> {
  let index = indexes.get(row.features);
  if (index === undefined) indexes.set(row.features, index = new Map(row.features.map((name, i) => [name, i])));
  return index;
}

/** Four significant digits (what a page shows), and null for NaN or ±Infinity, which JSON lacks. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : null;
}

function roundedRecord(record: Readonly<Partial<Record<string, number>>>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, value === undefined ? null : finite(value)]));
}

function short(x: number): string {
  return String(Number(x.toPrecision(4)));
}

function iso(unixMs: number): string {
  return new Date(unixMs).toISOString();
}
