/**
 * The report page's own script (as text, inlined after Chart.js and
 * drawDistributionChart): builds the features table from the page's JSON (as text
 * nodes, so no name can become markup), sorts it from its header buttons, and
 * draws the chosen feature's distribution. Only that one chart exists at a time,
 * so a report of hundreds of features loads as fast as one of five. A performance
 * mark "modelwatch:first-chart" records when the first chart is drawn.
 *
 * Plain ES2015 without template literals, so it can sit in this string as is.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var table = document.getElementById('features');
  var body = table.tBodies[0];
  var headers = [];
  var rows = [];
  var buttons = [];
  var chart = null;
  var selected = -1;
  var sortColumn = -1;
  var ascending = true;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  data.columns.forEach(function (column, c) {
    var th = element('th', column.kind === 'number' ? 'number' : '');
    th.scope = 'col';
    var button = element('button', 'sort', column.label);
    button.type = 'button';
    button.title = 'sort by ' + column.label;
    button.addEventListener('click', function () { sortBy(c); });
    th.appendChild(button);
    headers.push(th);
    table.tHead.rows[0].appendChild(th);
  });

  data.features.forEach(function (feature, i) {
    var tr = element('tr', feature.drifted ? 'drifted' : '');
    feature.cells.forEach(function (cell, c) {
      var kind = data.columns[c].kind;
      if (kind === 'feature') {
        var th = element('th');
        th.scope = 'row';
        var button = element('button', 'feature', cell.text);
        button.type = 'button';
        button.setAttribute('aria-pressed', 'false');
        button.setAttribute('aria-controls', 'distribution');
        buttons.push(button);
        th.appendChild(button);
        tr.appendChild(th);
      } else if (kind === 'verdict') {
        var td = element('td');
        td.appendChild(element('span', 'verdict ' + (feature.drifted ? 'drift' : 'no-drift'), cell.text));
        tr.appendChild(td);
      } else {
        tr.appendChild(element('td', kind === 'number' ? 'number' : '', cell.text));
      }
    });
    tr.addEventListener('click', function () { select(i); });
    rows.push(tr);
    body.appendChild(tr);
  });

  body.addEventListener('keydown', function (event) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    var at = Array.prototype.indexOf.call(body.rows, event.target.closest('tr'));
    var next = body.rows[at + (event.key === 'ArrowDown' ? 1 : -1)];
    if (at < 0 || !next) return;
    event.preventDefault();
    next.querySelector('button.feature').focus();
  });

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    var order = typeof a === 'number' ? a - b : String(a).localeCompare(String(b));
    return ascending ? order : -order;
  }

  function sortBy(c) {
    ascending = sortColumn === c ? !ascending : true;
    sortColumn = c;
    var order = data.features.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      return compare(data.features[a].cells[c].sort, data.features[b].cells[c].sort) || a - b;
    });
    order.forEach(function (i) { body.appendChild(rows[i]); });
    headers.forEach(function (th, h) {
      if (h === c) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
  }

  var heading = document.getElementById('distribution-name');
  var summary = document.getElementById('distribution-summary');
  var canvas = document.getElementById('distribution-chart');
  var binsBody = document.getElementById('distribution-bins').tBodies[0];

  function select(i) {
    if (selected >= 0) {
      rows[selected].classList.remove('selected');
      buttons[selected].setAttribute('aria-pressed', 'false');
    }
    selected = i;
    rows[i].classList.add('selected');
    buttons[i].setAttribute('aria-pressed', 'true');
    var feature = data.features[i];
    var text = {};
    feature.cells.forEach(function (cell, c) { text[data.columns[c].label] = cell.text; });
    heading.textContent = feature.name;
    summary.textContent = text.verdict + ': ' + text.type + ' feature, ' + text.method + ' ' + text.score +
      ' (threshold ' + text.threshold + (text['p-value'] === '\\u2014' ? '' : ', p-value ' + text['p-value']) + ').';
    canvas.setAttribute('aria-label', 'Distribution of ' + feature.name + ', reference and current; the same figures are in the table below.');
    chart = drawDistributionChart(canvas, feature.distribution, chart);
    fillBins(feature.distribution);
    if (!performance.getEntriesByName('modelwatch:first-chart').length) performance.mark('modelwatch:first-chart');
  }

  function fillBins(distribution) {
    var totals = ['reference', 'current'].map(function (sample) {
      return distribution[sample].reduce(function (a, b) { return a + b; }, 0);
    });
    binsBody.textContent = '';
    distribution.labels.forEach(function (label, k) {
      var tr = element('tr');
      var th = element('th', '', label);
      th.scope = 'row';
      tr.appendChild(th);
      ['reference', 'current'].forEach(function (sample, s) {
        var count = distribution[sample][k];
        var share = totals[s] > 0 ? (100 * count / totals[s]).toFixed(1) + '%' : '\\u2014';
        tr.appendChild(element('td', 'number', count + ' (' + share + ')'));
      });
      binsBody.appendChild(tr);
    });
  }

  var first = data.features.findIndex(function (f) { return f.drifted; });
  if (data.features.length > 0) select(first >= 0 ? first : 0);
  else document.getElementById('distribution').hidden = true;
})();
`;
