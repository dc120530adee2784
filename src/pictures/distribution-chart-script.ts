/**
 * Browser script (as text, to inline after Chart.js) defining one global function,
 * `drawDistributionChart(canvas, distribution, previous)`: reference and current
 * distributions of a feature as overlaid bars on the same bins, in shares of each
 * sample so samples of different sizes compare, with a legend naming both. The
 * reference is the wide pale bar, the current the narrow dark one inside it, so the
 * two read apart without colour too. `distribution` is a DistributionData
 * (src/pictures/distribution-data.ts): `labels`, `reference` and `current` counts.
 * `previous`, the chart the canvas held, is destroyed first. Returns the new chart.
 *
 * Plain ES2015 without template literals, so it can sit in this string as is.
 */
export const DISTRIBUTION_CHART_SCRIPT = `
function drawDistributionChart(canvas, distribution, previous) {
  'use strict';
  if (previous) previous.destroy();
  function shares(counts) {
    var total = counts.reduce(function (a, b) { return a + b; }, 0);
    return counts.map(function (count) { return total > 0 ? (100 * count) / total : 0; });
  }
  function dataset(label, counts, colour, border, width, order) {
    return {
      label: label,
      data: shares(counts),
      counts: counts,
      backgroundColor: colour,
      borderColor: border,
      borderWidth: 1,
      barPercentage: width,
      categoryPercentage: 1,
      order: order
    };
  }
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: distribution.labels,
      datasets: [
        dataset('reference', distribution.reference, 'rgba(120, 144, 176, 0.45)', 'rgb(70, 94, 126)', 0.9, 2),
        dataset('current', distribution.current, 'rgba(214, 110, 24, 0.85)', 'rgb(150, 70, 10)', 0.5, 1)
      ]
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      datasets: { bar: { grouped: false } },
      scales: {
        x: { title: { display: true, text: distribution.binning } },
        y: { beginAtZero: true, title: { display: true, text: 'share of the sample (%)' } }
      },
      plugins: {
        legend: { position: 'top', labels: { sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } } },
        tooltip: {
          callbacks: {
            label: function (item) {
              var count = item.dataset.counts[item.dataIndex];
              return item.dataset.label + ': ' + item.parsed.y.toFixed(1) + '% (' + count + ')';
            }
          }
        }
      }
    }
  });
}
`;
