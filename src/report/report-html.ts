import { chartScript, scriptText } from '../pictures/chart-script.js';
import { DISTRIBUTION_CHART_SCRIPT } from '../pictures/distribution-chart-script.js';
import type { Report } from './report-types.js';
import { escapeHtml, jsonForScript } from './html/escape.js';
import { pageData } from './html/page-data.js';
import { PAGE_SCRIPT } from './html/page-script.js';
import { PAGE_STYLE } from './html/page-style.js';
import { performanceHtml } from './html/performance-html.js';
import { summaryHtml } from './html/summary-html.js';

/**
 * The report as one self-contained HTML page: its style, its data (as JSON), Chart.js
 * and its script are all inside, so it opens from a file or an attachment with no
 * network. The summary and performance are plain HTML; the script builds the
 * sortable features table from the data and draws the chosen feature's distribution.
 */
export function reportHtml(report: Report): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>modelwatch drift report</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>modelwatch drift report</h1>
<p class="files">Reference <code>${escapeHtml(report.reference.file)}</code> (${report.reference.rows} rows) vs current <code>${escapeHtml(report.current.file)}</code> (${report.current.rows} rows).</p>
</header>
<main>
${summaryHtml(report)}
<div class="layout">
<section id="features-section" aria-labelledby="features-heading">
<h2 id="features-heading">Features</h2>
<p class="hint">Choose a feature (click its row, or Tab to its name and press Enter; arrow keys move between names) to see its distribution. The column headers sort. Tests (ks, chi2) flag drift when the p-value is below the threshold, distances when the score reaches it; ratios are of the current data.</p>
<noscript><p>The features table and charts need JavaScript; <code>--format json</code> or <code>markdown</code> give the same figures without it.</p></noscript>
<div class="table-scroll"><table id="features"><thead><tr></tr></thead><tbody></tbody></table></div>
</section>
<section id="distribution" aria-labelledby="distribution-heading">
<h2 id="distribution-heading">Distribution of <span id="distribution-name"></span></h2>
<p id="distribution-summary" aria-live="polite"></p>
<div class="chart-box"><canvas id="distribution-chart" role="img"></canvas></div>
<details><summary>The bins as a table</summary>
<table id="distribution-bins"><thead><tr><th scope="col">bin</th><th scope="col" class="number">reference</th><th scope="col" class="number">current</th></tr></thead><tbody></tbody></table>
</details>
</section>
</div>
${performanceHtml(report.performance)}
</main>
<script type="application/json" id="report-data">${jsonForScript(pageData(report))}</script>
<script>${scriptText(chartScript())}</script>
<script>${scriptText(DISTRIBUTION_CHART_SCRIPT)}</script>
<script>${scriptText(PAGE_SCRIPT)}</script>
</body>
</html>
`;
}
