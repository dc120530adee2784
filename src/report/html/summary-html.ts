import type { Report } from '../report-types.js';
import { percentText } from '../report-number-text.js';
import { escapeHtml } from './escape.js';

/** The summary: dataset drift as a word on its badge, the drifted share, both files' rows, columns only one file has. */
export function summaryHtml(report: Report): string {
  const { dataset } = report;
  const verdict = dataset.drifted
    ? '<span class="verdict drift">detected</span>'
    : '<span class="verdict no-drift">not detected</span>';
  const item = (term: string, value: string) => `<div><dt>${term}</dt><dd>${value}</dd></div>`;
  const parts = [
    '<section id="summary" aria-labelledby="summary-heading">',
    '<h2 id="summary-heading">Summary</h2>',
    '<dl class="summary">',
    item('Dataset drift', verdict),
    item('Drifted features', `${dataset.driftedFeatures} of ${dataset.features}`),
    item('Drifted share', `${percentText(dataset.driftedShare)} <small>(drift at ${percentText(dataset.threshold)})</small>`),
    item('Reference rows', String(report.reference.rows)),
    item('Current rows', String(report.current.rows)),
    '</dl>',
  ];
  if (dataset.missingColumns.length > 0) parts.push(columnList('Columns missing from the current data', dataset.missingColumns));
  if (dataset.newColumns.length > 0) parts.push(columnList('Columns new in the current data', dataset.newColumns));
  parts.push('</section>');
  return parts.join('\n');
}

function columnList(what: string, columns: readonly string[]): string {
  return `<p>${what}: ${columns.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}.</p>`;
}
