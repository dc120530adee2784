/**
 * The report page's stylesheet: system fonts (nothing to fetch), dark text on white,
 * verdicts as words on a tinted badge, a visible focus ring, and the features table
 * beside the chosen feature's chart on a wide screen, above it on a narrow one.
 */
export const PAGE_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1500px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 20px 0 8px; }
h3 { font-size: 1rem; margin: 16px 0 6px; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.files, .hint { color: var(--muted); margin: 0 0 8px; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.summary dt { color: var(--muted); font-size: 0.85rem; }
.summary dd { margin: 2px 0 0; font-size: 1.2rem; font-weight: 600; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-weight: 600; border: 1px solid; }
.verdict.drift { background: #fde4e1; color: #8a1c13; border-color: #e9a49c; }
.verdict.no-drift { background: #e2f3e5; color: #1d5e2c; border-color: #9ccfa6; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(340px, 32%); gap: 24px; align-items: start; }
@media (max-width: 1100px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.875rem; }
th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f6f8fa; white-space: normal; vertical-align: bottom; }
button { font: inherit; color: inherit; }
button.sort { background: none; border: 0; padding: 0; font-weight: 600; cursor: pointer; }
th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; }
th[aria-sort="descending"] button.sort::after { content: " \\25BC"; }
button.feature { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; cursor: pointer; text-align: left; white-space: normal; overflow-wrap: break-word; max-width: 22ch; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: #f6f8fa; }
tbody tr.selected { background: #e7f0fb; box-shadow: inset 4px 0 0 var(--accent); }
button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
#distribution { position: sticky; top: 0; }
#distribution-name { overflow-wrap: anywhere; }
.chart-box { position: relative; height: 340px; }
details { margin-top: 8px; }
.matrix td.hit { font-weight: 700; background: #f0f4f8; }
`;
