import { numberText } from '../report-number-text.js';
import { escapeHtml } from './escape.js';

interface ConfusionMatrix {
  readonly labels: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

/**
 * The performance section: every scalar metric in a table, the positive class of a
 * binary target, and the confusion matrix as a table (rows actual, columns
 * predicted, the agreeing diagonal in bold). Empty without performance figures.
 */
export function performanceHtml(performance: Readonly<Record<string, unknown>> | null): string {
  if (performance === null) return '';
  const metrics = Object.entries(performance).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  const parts = [
    '<section id="performance" aria-labelledby="performance-heading">',
    '<h2 id="performance-heading">Performance on the current data</h2>',
    '<table id="metrics"><thead><tr><th scope="col">metric</th><th scope="col" class="number">value</th></tr></thead><tbody>',
    ...metrics.map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td class="number">${numberText(value)}</td></tr>`),
    '</tbody></table>',
  ];
  if (typeof performance.positive_label === 'string') {
    parts.push(`<p>Positive class: <code>${escapeHtml(performance.positive_label)}</code>.</p>`);
  }
  const confusion = performance.confusion_matrix as ConfusionMatrix | undefined;
  if (confusion !== undefined) parts.push(matrixHtml(confusion));
  parts.push('</section>');
  return parts.join('\n');
}

function matrixHtml({ labels, matrix }: ConfusionMatrix): string {
  const head = labels.map((label) => `<th scope="col" class="number">${escapeHtml(label)}</th>`).join('');
  const rows = matrix.map((row, i) => `<tr><th scope="row">${escapeHtml(labels[i])}</th>` +
    row.map((count, j) => `<td class="number${i === j ? ' hit' : ''}">${count}</td>`).join('') + '</tr>');
  return [
    '<h3 id="confusion-heading">Confusion matrix</h3>',
    '<p class="hint">Rows are the actual class, columns the predicted one; the diagonal (bold) is where they agree.</p>',
    '<table id="confusion-matrix" class="matrix" aria-labelledby="confusion-heading">',
    `<thead><tr><th scope="col">actual \\ predicted</th>${head}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
  ].join('\n');
}
