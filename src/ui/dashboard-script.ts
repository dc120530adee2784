/**
 * The live page's browser-side script (plain ES2017 text, inlined by dashboardPage
 * after drawDistributionChart, src/pictures/distribution-chart-script.ts). It polls the JSON API every `refreshMs`, draws
 * the model list, the heatmap (one HTML table, rebuilt only when a window closed),
 * the selected feature's distribution (one chart, updated in place) and the tables.
 * Every name shown comes from the monitored spans, so text goes in through
 * textContent or escapeHtml, never as markup. The admin token, when the API asks for
 * one, is kept in sessionStorage and sent as `Authorization: Bearer`; never in a URL.
 */
export function dashboardScript(settings: { refreshMs: number; apiPath: string }): string {
  return `\n(function () {\n'use strict';\nvar SETTINGS = ${JSON.stringify(settings)};\n${BODY}\n})();\n`;
}

const BODY = String.raw`
var TOKEN_KEY = 'modelwatch.adminToken';
var SELECTED_KEY = 'modelwatch.selected';
var state = { selected: restoredSelection(), rendered: false, feature: null, versionData: null, heatmapStamp: '', timer: null, busy: false };
var el = function (id) { return document.getElementById(id); };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}
function time(iso) { return iso ? iso.slice(11, 19) : ''; }
function pct(x) { return x === null || x === undefined ? 'n/a' : (Math.round(x * 1000) / 10) + '%'; }
function num(x) { return x === null || x === undefined ? 'n/a' : String(x); }
function versionPath(model, version) {
  return SETTINGS.apiPath + '/' + encodeURIComponent(model) + '/' + encodeURIComponent(version);
}

// The chosen model version survives a reload of the tab (never in the URL).
function restoredSelection() {
  try { return JSON.parse(sessionStorage.getItem(SELECTED_KEY)); } catch (error) { return null; }
}
function remember(selected) { sessionStorage.setItem(SELECTED_KEY, JSON.stringify(selected)); }

function AuthNeeded(message) { this.message = message; }

function api(path) {
  var headers = { Accept: 'application/json' };
  var token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  return fetch(path, { headers: headers, cache: 'no-store' }).then(function (response) {
    if (response.status === 401) throw new AuthNeeded(token ? 'The token was not accepted; give an admin token.' : 'This processor asks for an admin token.');
    if (response.status === 403) throw new AuthNeeded('This token does not have the admin role; give an admin token.');
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
  });
}

function askForToken(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  el('token-message').textContent = message;
  el('token-form').hidden = false;
  el('token-input').focus();
}

el('token-form').addEventListener('submit', function (event) {
  event.preventDefault();
  var value = el('token-input').value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  el('token-input').value = '';
  el('token-form').hidden = true;
  refresh();
});

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, SETTINGS.refreshMs);
}

function refresh() {
  if (state.busy) return;
  state.busy = true;
  api(SETTINGS.apiPath).then(function (list) {
    el('token-form').hidden = true;
    renderModels(list.models);
    if (state.selected === null && list.models.length > 0) state.selected = { model: list.models[0].model, version: list.models[0].version };
    return state.selected === null ? null : loadVersion();
  }).then(function () {
    el('error').hidden = true;
    el('updated').textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every ' + Math.round(SETTINGS.refreshMs / 1000) + ' s.';
  }, function (error) {
    if (error instanceof AuthNeeded) { askForToken(error.message); return; }
    el('error').textContent = 'Could not read the processor: ' + error.message;
    el('error').hidden = false;
  }).then(function () {
    state.busy = false;
    // The first full picture (list, heatmap, chart) is marked, so a test can read how long the page took.
    if (!state.rendered && !el('detail').hidden) { state.rendered = true; performance.mark('modelwatch-rendered'); }
    document.body.dataset.loaded = 'true';
    schedule();
  });
}

function nothingYet(list, text) {
  var item = document.createElement('li');
  item.className = 'muted';
  item.textContent = text;
  list.appendChild(item);
}

function renderModels(models) {
  var list = el('models');
  list.textContent = '';
  if (models.length === 0) nothingYet(list, 'No model has sent inference spans yet.');
  models.forEach(function (m) {
    var item = document.createElement('li');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'model s-' + m.status;
    button.dataset.model = m.model;
    button.dataset.version = m.version;
    var selected = state.selected !== null && state.selected.model === m.model && state.selected.version === m.version;
    button.setAttribute('aria-pressed', selected ? 'true' : 'false');
    var name = document.createElement('strong');
    name.textContent = m.model + ' ' + m.version;
    var status = document.createElement('span');
    status.className = 'status';
    status.textContent = m.statusText + (m.alerts > 0 ? '; ' + m.alerts + ' recent alert' + (m.alerts === 1 ? '' : 's') : '');
    button.appendChild(name);
    button.appendChild(status);
    item.appendChild(button);
    list.appendChild(item);
  });
}

el('models').addEventListener('click', function (event) {
  var button = event.target.closest('button.model');
  if (!button) return;
  state.selected = { model: button.dataset.model, version: button.dataset.version };
  remember(state.selected);
  state.feature = null;
  state.heatmapStamp = '';
  Array.prototype.forEach.call(el('models').querySelectorAll('button.model'), function (b) {
    b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
  });
  refresh();
});

function loadVersion() {
  var selected = state.selected;
  return api(versionPath(selected.model, selected.version)).then(function (data) {
    if (data === null) { state.selected = null; sessionStorage.removeItem(SELECTED_KEY); el('detail').hidden = true; return null; }
    state.versionData = data;
    renderVersion(data);
    if (data.features.length === 0) return null;
    if (state.feature === null || data.features.indexOf(state.feature) < 0) state.feature = firstDrifted(data);
    markSelectedRow();
    return loadFeature();
  });
}

function firstDrifted(data) {
  var last = data.windows[data.windows.length - 1];
  for (var i = 0; last && i < data.features.length; i++) if (last.drifted[i] === true) return data.features[i];
  return data.features[0];
}

function renderVersion(data) {
  el('detail').hidden = false;
  el('version-heading').textContent = data.model + ' ' + data.version;
  el('version-status').textContent = 'Status: ' + data.statusText + '.';
  var stamp = data.model + '\u0000' + data.version + '\u0000' + data.windows.length + '\u0000' + (data.windows.length ? data.windows[data.windows.length - 1].end : '') + '\u0000' + data.features.join('\u0000');
  if (stamp !== state.heatmapStamp) {
    renderHeatmap(data);
    state.heatmapStamp = stamp;
  }
  renderQuality(data);
  renderPerformance(data.performance);
  renderAlerts(data.alerts);
}

// One string, one innerHTML: 200 features x 60 windows is 12,000 cells, built in milliseconds.
function renderHeatmap(data) {
  // Fixed layout, widths from the colgroup: the browser need not measure 12,000 cells to lay the table out.
  var parts = ['<colgroup><col class="name">'];
  data.windows.forEach(function () { parts.push('<col class="cell">'); });
  parts.push('</colgroup><thead><tr><th scope="col">feature</th>');
  data.windows.forEach(function (w) {
    parts.push('<th scope="col" title="window ' + escapeHtml(w.start + ' to ' + w.end + ', ' + w.records + ' records') + '">' + time(w.end) + '</th>');
  });
  parts.push('</tr></thead><tbody>');
  data.features.forEach(function (name, i) {
    parts.push('<tr data-i="' + i + '"><th scope="row"><button type="button" class="feature" data-i="' + i + '">' + escapeHtml(name) + '</button></th>');
    data.windows.forEach(function (w) {
      var d = w.drifted[i];
      parts.push(d === true ? '<td class="d">D</td>' : d === false ? '<td class="o">·</td>' : '<td class="n">–</td>');
    });
    parts.push('</tr>');
  });
  parts.push('</tbody>');
  var table = el('heatmap');
  table.style.width = (16 + 1.5 * data.windows.length) + 'rem';
  table.innerHTML = parts.join('');
}

// A cell's full verdict, as its title (and so its accessible description), made when it is pointed at or focused.
function describeCell(td) {
  var data = state.versionData;
  var row = td.parentElement;
  var i = Number(row.dataset.i);
  var w = data.windows[td.cellIndex - 1];
  if (!w) return;
  var name = data.features[i];
  var d = w.drifted[i];
  var verdict = d === true ? 'drifted' : d === false ? 'no drift' : 'no verdict';
  var latest = data.latest && data.latest.features.find(function (f) { return f.name === name; });
  var value = w.values[i] === null ? '' : ' (' + (latest ? latest.method + (latest.pValue !== null ? ' p-value ' : ' ') : 'value ') + w.values[i] + ')';
  td.title = name + ', window ' + time(w.start) + ' to ' + time(w.end) + ': ' + verdict + value;
}
el('heatmap').addEventListener('mouseover', function (event) {
  var td = event.target.closest('td');
  if (td && !td.title) describeCell(td);
});

el('heatmap').addEventListener('click', function (event) {
  var button = event.target.closest('button.feature');
  if (!button) return;
  selectFeature(Number(button.dataset.i));
});
el('heatmap').addEventListener('keydown', function (event) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  var button = event.target.closest('button.feature');
  if (!button) return;
  event.preventDefault();
  var next = Number(button.dataset.i) + (event.key === 'ArrowDown' ? 1 : -1);
  var target = el('heatmap').querySelector('button.feature[data-i="' + next + '"]');
  if (!target) return;
  target.focus();
  selectFeature(next);
});

function selectFeature(i) {
  state.feature = state.versionData.features[i];
  markSelectedRow();
  loadFeature().catch(function (error) {
    if (error instanceof AuthNeeded) askForToken(error.message);
  });
}

function markSelectedRow() {
  var data = state.versionData;
  var i = data.features.indexOf(state.feature);
  var previous = el('heatmap').querySelector('tr.selected');
  if (previous) {
    previous.classList.remove('selected');
    previous.querySelector('button.feature').removeAttribute('aria-current');
  }
  var row = el('heatmap').querySelector('tr[data-i="' + i + '"]');
  if (row) {
    row.classList.add('selected');
    row.querySelector('button.feature').setAttribute('aria-current', 'true');
  }
}

function loadFeature() {
  var selected = state.selected;
  var feature = state.feature;
  return api(versionPath(selected.model, selected.version) + '/features/' + encodeURIComponent(feature)).then(function (detail) {
    if (detail === null || feature !== state.feature) return;
    renderFeature(detail);
  });
}

function renderFeature(detail) {
  var v = detail.verdict;
  el('feature-heading').textContent = 'Feature ' + detail.feature;
  var compared = v.pValue !== null ? v.method + ' p-value ' + num(v.value) + (v.drifted ? ' is below' : ' is not below')
    : v.method + ' ' + num(v.value) + (v.drifted ? ' is at or above' : ' is below');
  el('feature-verdict').textContent = (v.drifted ? 'Drifted' : 'No drift') + ' in the window ' + time(detail.window.start) + ' to ' + time(detail.window.end)
    + ': ' + compared + ' the ' + v.thresholdSource + ' threshold ' + num(v.threshold) + '.';
  var dist = detail.distribution;
  var canvas = el('distribution');
  if (dist) {
    drawDistributionChart(canvas, dist, Chart.getChart(canvas));
    canvas.dataset.feature = detail.feature;
    canvas.setAttribute('aria-label', 'Distribution of ' + detail.feature + ': reference and last window, share of values per bin; the table below has the counts.');
    el('distribution-caption').textContent = 'Reference and the last judged window (current), as shares of each, on ' + dist.binning + ': the bins the drift statistics used.';
    var rows = ['<thead><tr><th scope="col">bin</th><th scope="col">reference</th><th scope="col">current (last window)</th></tr></thead><tbody>'];
    dist.labels.forEach(function (label, k) {
      rows.push('<tr><td>' + escapeHtml(label) + '</td><td>' + dist.reference[k] + '</td><td>' + dist.current[k] + '</td></tr>');
    });
    el('distribution-table').innerHTML = rows.join('') + '</tbody>';
  }
  var q = ['<thead><tr><th scope="col">window</th><th scope="col">verdict</th><th scope="col">missing</th><th scope="col">wrong type</th><th scope="col">out of range</th><th scope="col">new categories</th></tr></thead><tbody>'];
  detail.windows.slice(-10).reverse().forEach(function (w) {
    q.push('<tr><td>' + time(w.start) + '–' + time(w.end) + '</td><td>' + (w.drifted ? 'drifted' : 'no drift') + ' (' + escapeHtml(w.method) + ' ' + num(w.value) + ')</td><td>'
      + pct(w.quality.missingRatio) + '</td><td>' + pct(w.quality.typeMismatchRatio) + '</td><td>' + pct(w.quality.outOfRangeRatio) + '</td><td>' + pct(w.quality.newCategoryRatio) + '</td></tr>');
  });
  el('feature-quality').innerHTML = q.join('') + '</tbody>';
}

var RATIOS = [['missingRatio', 'missing'], ['typeMismatchRatio', 'wrong type'], ['outOfRangeRatio', 'out of range'], ['newCategoryRatio', 'new categories']];

function renderQuality(data) {
  var table = el('quality');
  if (!data.latest) { table.innerHTML = '<tbody><tr><td>No window closed yet.</td></tr></tbody>'; return; }
  var limits = data.qualityThresholds;
  var worst = data.latest.features.filter(function (f) {
    return RATIOS.some(function (r) { return f.quality[r[0]] > 0; });
  }).sort(function (a, b) { return maxRatio(b) - maxRatio(a); }).slice(0, 20);
  if (worst.length === 0) { table.innerHTML = '<tbody><tr><td>No missing, mistyped, out-of-range or new values in the last window.</td></tr></tbody>'; return; }
  var rows = ['<thead><tr><th scope="col">feature</th>'];
  RATIOS.forEach(function (r) { rows.push('<th scope="col">' + r[1] + ' (alert above ' + pct(limits[r[0]]) + ')</th>'); });
  rows.push('</tr></thead><tbody>');
  worst.forEach(function (f) {
    rows.push('<tr><td>' + escapeHtml(f.name) + '</td>');
    RATIOS.forEach(function (r) {
      var x = f.quality[r[0]];
      var above = x !== null && x > limits[r[0]];
      rows.push('<td' + (above ? ' class="above"' : '') + '>' + pct(x) + (above ? ' (above)' : '') + '</td>');
    });
    rows.push('</tr>');
  });
  table.innerHTML = rows.join('') + '</tbody>';
  function maxRatio(f) { return Math.max.apply(null, RATIOS.map(function (r) { return f.quality[r[0]] || 0; })); }
}

function renderPerformance(performance) {
  var table = el('performance');
  if (performance.length === 0) { table.innerHTML = '<tbody><tr><td>No performance yet: it needs ground truth (or kept predictions to estimate from).</td></tr></tbody>'; return; }
  var names = [];
  performance.forEach(function (p) { Object.keys(p.metrics).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); }); });
  var rows = ['<thead><tr><th scope="col">window</th><th scope="col">source</th>'];
  names.forEach(function (n) { rows.push('<th scope="col">' + escapeHtml(n) + '</th>'); });
  rows.push('<th scope="col">labelled</th><th scope="col">coverage</th></tr></thead><tbody>');
  performance.slice(0, 10).forEach(function (p) {
    rows.push('<tr><td>' + time(p.start) + '–' + time(p.end) + '</td><td>' + escapeHtml(p.source) + '</td>');
    names.forEach(function (n) {
      var base = p.baseline && p.baseline[n] !== undefined ? ' (reference ' + num(p.baseline[n]) + ')' : '';
      rows.push('<td>' + num(p.metrics[n]) + base + '</td>');
    });
    rows.push('<td>' + p.labelled + '</td><td>' + pct(p.coverage) + '</td></tr>');
  });
  table.innerHTML = rows.join('') + '</tbody>';
}

function renderAlerts(alerts) {
  var list = el('alerts');
  list.textContent = '';
  if (alerts.length === 0) { nothingYet(list, 'No recent alerts.'); return; }
  alerts.slice(0, 50).forEach(function (a) {
    var item = document.createElement('li');
    item.className = 'alert';
    var head = document.createElement('strong');
    head.textContent = a.kind.replace('_', ' ') + ' alert, ' + a.feature + ' (' + time(a.raised) + '): ';
    item.appendChild(head);
    item.appendChild(document.createTextNode(a.body + ' '));
    if (a.trace_url) {
      var link = document.createElement('a');
      link.href = a.trace_url;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      link.className = 'trace';
      link.textContent = 'trace ' + a.trace_id;
      item.appendChild(link);
    } else if (a.trace_id) {
      item.appendChild(document.createTextNode('trace ' + a.trace_id));
    }
    list.appendChild(item);
  });
}

refresh();
`;
