import type { FeatureReport, Report } from './report-types.js';
import { numberText as number, percentText as percent } from './report-number-text.js';

/**
 * The report as GitHub-flavoured markdown, for a pull request comment or a notebook:
 * a verdict line, one table row per feature, then performance if it was measured.
 */
export function reportMarkdown(report: Report): string {
  const { dataset } = report;
  const lines = [
    '## modelwatch drift report',
    '',
    `Reference \`${report.reference.file}\` (${report.reference.rows} rows) vs current \`${report.current.file}\` (${report.current.rows} rows).`,
    '',
    `**Dataset drift: ${dataset.drifted ? 'detected' : 'not detected'}** — ${dataset.driftedFeatures} of ${dataset.features} features drifted` +
      ` (${percent(dataset.driftedShare)}; threshold ${percent(dataset.threshold)}).`,
    '',
    '| feature | type | method | statistic | threshold | p-value | drift | missing | out of range | new categories |',
    '|---|---|---|--:|--:|--:|:-:|--:|--:|--:|',
    ...report.features.map(featureRow),
    '',
    '_Tests (`ks`, `chi2`) flag drift when the p-value is below the threshold; distances when the statistic reaches it._',
  ];
  if (dataset.missingColumns.length > 0) {
    lines.push('', `Columns missing from the current data: ${dataset.missingColumns.map(code).join(', ')}.`);
  }
  if (dataset.newColumns.length > 0) {
    lines.push('', `Columns new in the current data: ${dataset.newColumns.map(code).join(', ')}.`);
  }
  if (report.performance !== null) lines.push('', ...performanceLines(report.performance));
  return lines.join('\n') + '\n';
}

function featureRow(f: FeatureReport): string {
  const q = f.quality;
  return `| ${escape(f.name)} | ${f.type} | ${f.method} | ${number(f.statistic)} | ${number(f.threshold)} | ` +
    `${f.pValue === null ? '' : number(f.pValue)} | ${f.drifted ? '**yes**' : 'no'} | ${percent(q.missingRatio)} | ` +
    `${q.outOfRangeRatio === null ? '' : percent(q.outOfRangeRatio)} | ${q.newCategoryRatio === null ? '' : percent(q.newCategoryRatio)} |`;
}

function performanceLines(performance: Readonly<Record<string, unknown>>): string[] {
  const scalars = Object.entries(performance).filter(([, v]) => typeof v === 'number');
  const lines = ['### Performance on the current data', '', '| metric | value |', '|---|--:|',
    ...scalars.map(([name, value]) => `| ${name} | ${number(value as number)} |`)];
  const matrix = performance.confusion_matrix as { labels: string[]; matrix: number[][] } | undefined;
  if (matrix !== undefined) {
    lines.push('', 'Confusion matrix (rows: actual, columns: predicted):', '',
      `| | ${matrix.labels.map(escape).join(' | ')} |`,
      `|---|${matrix.labels.map(() => '--:').join('|')}|`,
      ...matrix.matrix.map((row, i) => `| **${escape(matrix.labels[i])}** | ${row.join(' | ')} |`));
  }
  return lines;
}

function code(name: string): string {
  return `\`${name}\``;
}

/** Table cells cannot hold pipes or newlines. */
function escape(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
