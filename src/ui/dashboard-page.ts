import { createHash } from 'node:crypto';
import { DISTRIBUTION_CHART_SCRIPT } from '../pictures/distribution-chart-script.js';
import { scriptText } from '../pictures/chart-script.js';
import { dashboardScript } from './dashboard-script.js';

export interface DashboardPageOptions {
  /** How often the page asks for new data (ms). */
  readonly refreshMs: number;
  /** Where the page loads Chart.js from (the processor serves it). */
  readonly chartPath: string;
  /** The JSON API's model list; versions and features are below it. */
  readonly apiPath: string;
}

/**
 * Colours only repeat what the text says: every verdict is written (D, ·, –; status
 * sentences), so the page reads the same in greyscale. System fonts, no web fonts.
 */
const STYLE = `
:root { color-scheme: light; font-family: system-ui, sans-serif; font-size: 15px; }
body { margin: 0 1rem 2rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.4rem; margin: .8rem 0; } h2 { font-size: 1.15rem; margin: 1.2rem 0 .4rem; } h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
.layout { display: grid; grid-template-columns: minmax(14rem, 20rem) 1fr; gap: 1.5rem; align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
ul.models { list-style: none; padding: 0; margin: 0; }
ul.models li { margin: 0 0 .5rem; }
button { font: inherit; cursor: pointer; }
button.model { display: block; width: 100%; text-align: left; padding: .4rem .5rem; border: 1px solid #999; border-left-width: 6px; background: #fafafa; }
button.model[aria-pressed="true"] { background: #e6eefb; border-color: #2b4c72; }
.status { display: block; font-size: .85rem; margin-top: .15rem; }
.s-ok { border-left-color: #2e7d32 !important; } .s-drift, .s-dataset_drift { border-left-color: #c62828 !important; }
.s-collecting, .s-waiting, .s-no_verdict { border-left-color: #8a8a8a !important; }
:focus-visible { outline: 3px solid #1a56db; outline-offset: 1px; }
.heatmap-wrap { overflow: auto; max-height: 32rem; border: 1px solid #ccc; }
table { border-collapse: collapse; }
table.heatmap { font-size: .75rem; table-layout: fixed; }
table.heatmap col.name { width: 16rem; } table.heatmap col.cell { width: 1.5rem; }
table.heatmap th, table.heatmap td { border: 1px solid #ddd; padding: 0; text-align: center; height: 1.3rem; overflow: hidden; }
table.heatmap thead th { position: sticky; top: 0; background: #f4f4f4; font-weight: normal; writing-mode: vertical-rl; transform: rotate(180deg); height: 4.2rem; }
table.heatmap thead th:first-child { writing-mode: horizontal-tb; transform: none; }
table.heatmap tbody th { position: sticky; left: 0; background: #fff; text-align: left; }
button.feature { border: 0; background: none; padding: 0 .2rem; text-align: left; white-space: nowrap; max-width: 16rem; overflow: hidden; text-overflow: ellipsis; }
tr.selected th, tr.selected button.feature { background: #e6eefb; font-weight: bold; }
td.d { background: #e57373; color: #000; font-weight: bold; } td.o { background: #c8e6c9; color: #1b5e20; } td.n { background: #f0f0f0; color: #555; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend b { display: inline-block; min-width: 1.2rem; text-align: center; border: 1px solid #999; }
.chart-box { position: relative; height: 18rem; max-width: 56rem; }
table.data th, table.data td { border: 1px solid #ccc; padding: .15rem .4rem; text-align: right; font-size: .85rem; }
table.data th:first-child, table.data td:first-child { text-align: left; }
.above { font-weight: bold; color: #b71c1c; }
.alerts li { margin-bottom: .4rem; }
.muted { color: #555; }
.token { border: 2px solid #1a56db; padding: .8rem; max-width: 32rem; margin: 1rem 0; }
.error { color: #b71c1c; }
[hidden] { display: none !important; }
`;

/**
 * The live dashboard's page: one HTML document with no data in it; its script reads
 * the JSON API (with the bearer token the user gives, when the API asks for one) and
 * Chart.js from the processor, never from the network. The Content-Security-Policy
 * allows exactly the inline style and script below (by hash), scripts and requests to
 * the processor itself, and nothing else.
 */
export function dashboardPage(options: DashboardPageOptions): { html: string; contentSecurityPolicy: string } {
  const script = scriptText(DISTRIBUTION_CHART_SCRIPT + dashboardScript({ refreshMs: options.refreshMs, apiPath: options.apiPath }));
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>modelwatch live</title>
<style>${STYLE}</style>
</head>
<body>
<h1>modelwatch live</h1>
<p class="muted" id="updated" aria-live="polite">Loading…</p>
<form class="token" id="token-form" hidden>
  <p id="token-message">This processor asks for an admin token.</p>
  <label for="token-input">Admin bearer token</label>
  <input id="token-input" type="password" autocomplete="off" required>
  <button type="submit">Use token</button>
  <p class="muted">Kept in this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.</p>
</form>
<p class="error" id="error" role="alert" hidden></p>
<div class="layout">
<nav aria-labelledby="models-heading">
  <h2 id="models-heading">Models</h2>
  <ul class="models" id="models"></ul>
</nav>
<main id="detail" hidden>
  <h2 id="version-heading"></h2>
  <p id="version-status"></p>
  <h3 id="heatmap-heading">Drift by feature and window</h3>
  <p class="legend" id="legend"><span><b>D</b> drifted</span><span><b>·</b> no drift</span><span><b>–</b> no verdict (too few records, or not judged)</span><span class="muted">Newest window on the right. Choose a feature by its name; arrow keys move between features.</span></p>
  <div class="heatmap-wrap"><table class="heatmap" id="heatmap" aria-labelledby="heatmap-heading"></table></div>
  <section aria-labelledby="feature-heading">
    <h3 id="feature-heading">Feature</h3>
    <p id="feature-verdict"></p>
    <figure>
      <div class="chart-box"><canvas id="distribution" role="img" aria-label="distribution of the selected feature"></canvas></div>
      <figcaption id="distribution-caption" class="muted"></figcaption>
    </figure>
    <details><summary>Counts as a table</summary><table class="data" id="distribution-table"></table></details>
    <h3>Data quality of this feature, recent windows</h3>
    <table class="data" id="feature-quality"></table>
  </section>
  <h3>Data quality, last window</h3>
  <table class="data" id="quality"></table>
  <h3>Performance</h3>
  <table class="data" id="performance"></table>
  <h3>Recent alerts</h3>
  <ol class="alerts" id="alerts"></ol>
</main>
</div>
<script src="${options.chartPath}"></script>
<script>${script}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `script-src 'self' '${hash(script)}'`,
    `style-src '${hash(STYLE)}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy: csp };
}

function hash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
