import type { FeatureReport, Report } from '../report-types.js';
import { numberText, percentText } from '../report-number-text.js';
import { type DistributionData, distributionData } from './distribution-data.js';

/** How the page's script treats a column: the feature's name (a button), its verdict, or plain text. */
export type ColumnKind = 'feature' | 'verdict' | 'text' | 'number';

export interface PageColumn {
  readonly label: string;
  readonly kind: ColumnKind;
}

/** A table cell: its text, and the value it sorts by (null sorts last either way). */
export interface PageCell {
  readonly text: string;
  readonly sort: number | string | null;
}

export interface PageFeature {
  readonly name: string;
  readonly drifted: boolean;
  readonly cells: readonly PageCell[];
  readonly distribution: DistributionData;
}

/** Everything the page's script needs, as it goes into the page's JSON. */
export interface PageData {
  readonly columns: readonly PageColumn[];
  readonly features: readonly PageFeature[];
}

const COLUMNS: readonly (PageColumn & { readonly cell: (f: FeatureReport) => PageCell })[] = [
  { label: 'feature', kind: 'feature', cell: (f) => ({ text: f.name, sort: f.name }) },
  { label: 'type', kind: 'text', cell: (f) => ({ text: f.type, sort: f.type }) },
  { label: 'method', kind: 'text', cell: (f) => ({ text: f.method, sort: f.method }) },
  { label: 'score', kind: 'number', cell: (f) => number(f.statistic) },
  { label: 'p-value', kind: 'number', cell: (f) => number(f.pValue) },
  { label: 'threshold', kind: 'number', cell: (f) => number(f.threshold) },
  { label: 'verdict', kind: 'verdict', cell: (f) => ({ text: f.drifted ? 'drift' : 'no drift', sort: f.drifted ? 1 : 0 }) },
  { label: 'missing', kind: 'number', cell: (f) => percent(f.quality.missingRatio) },
  { label: 'type mismatch', kind: 'number', cell: (f) => percent(f.quality.typeMismatchRatio) },
  { label: 'out of range', kind: 'number', cell: (f) => percent(f.quality.outOfRangeRatio) },
  { label: 'new categories', kind: 'number', cell: (f) => percent(f.quality.newCategoryRatio) },
];

/** The report's features as the page's table rows and charts: display text made here, once, in Node. */
export function pageData(report: Report): PageData {
  return {
    columns: COLUMNS.map(({ label, kind }) => ({ label, kind })),
    features: report.features.map((f) => ({
      name: f.name,
      drifted: f.drifted,
      cells: COLUMNS.map((column) => column.cell(f)),
      distribution: distributionData(f),
    })),
  };
}

/** A figure that does not apply (null) or could not be computed (NaN) shows a dash and sorts last. */
function number(value: number | null): PageCell {
  return value === null || !Number.isFinite(value) ? { text: '—', sort: null } : { text: numberText(value), sort: value };
}

function percent(ratio: number | null): PageCell {
  return ratio === null || !Number.isFinite(ratio) ? { text: '—', sort: null } : { text: percentText(ratio), sort: ratio };
}
