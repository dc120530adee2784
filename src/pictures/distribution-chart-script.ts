/**
 * Browser-side script (plain ES2017 text, for an inline `<script>` after Chart.js's own)
 * that defines `modelwatchDistributionChart(canvas, spec)`: a bar chart of two
 * distributions on the same bins, the reference's and a window's, as shares of each
 * sample so samples of different sizes compare. Shared by the pictures that draw
 * distributions (the live page; the HTML report may use it too), so both draw them
 * alike. Drawing again on the same canvas updates the chart in place.
 *
 * spec: { labels: string[], reference: number[] (counts), current: number[] (counts),
 *         referenceLabel?: string, currentLabel?: string, title?: string }
 * Returns the Chart; its datasets are [reference, current].
 */
export const DISTRIBUTION_CHART_SCRIPT = String.raw`
function modelwatchDistributionChart(canvas, spec) {
  'use strict';
  function shares(counts) {
    var total = 0;
    for (var i = 0; i < counts.length; i++) total += counts[i];
    return counts.map(function (c) { return total > 0 ? Math.round((10000 * c) / total) / 100 : 0; });
  }
  var datasets = [
    // Blue and orange: apart for the common colour-blindnesses; the legend names them too.
    { label: spec.referenceLabel || 'reference', data: shares(spec.reference), backgroundColor: '#4e79a7', borderColor: '#2b4c72', borderWidth: 1 },
    { label: spec.currentLabel || 'last window', data: shares(spec.current), backgroundColor: '#f28e2b', borderColor: '#a65a10', borderWidth: 1 },
  ];
  var existing = Chart.getChart(canvas);
  if (existing) {
    existing.data.labels = spec.labels.slice();
    existing.data.datasets = datasets;
    existing.options.plugins.title.text = spec.title || '';
    existing.options.plugins.title.display = Boolean(spec.title);
    existing.update('none');
    return existing;
  }
  return new Chart(canvas, {
    type: 'bar',
    data: { labels: spec.labels.slice(), datasets: datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        title: { display: Boolean(spec.title), text: spec.title || '' },
        tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + item.parsed.y + '%'; } } },
      },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'share of values (%)' } } },
    },
  });
}
`;
