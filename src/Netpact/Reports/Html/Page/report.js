// The netpact report page: draws the model embedded as JSON. Every user-written string reaches the page through
// textContent or a canvas, never as markup; elements are named by index only.
(function () {
  'use strict';
  var timings = { start: performance.now() };
  var model = JSON.parse(document.getElementById('netpact-data').textContent);
  var groups = model.groups, nodes = model.nodes, edges = model.edges, groupEdges = model.groupEdges, texts = model.texts;
  var expanded = groups.map(function () { return model.detailed; });
  var members = groups.map(function () { return []; });
  nodes.forEach(function (n, i) { members[n.group].push(i); });
  // A cluster groups workloads by namespace (or the intent's zones); one layer's own deployment (Compose, security
  // groups) has no namespaces: its services or groups form one group, or the intent's zones.
  var layer = model.layer;
  var groupWord = model.groupedBy === 'zone' ? 'zone' : layer ? 'group' : 'namespace';
  var tip = document.getElementById('tip');

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function showTip(x, y, text) {
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = Math.min(x + 14, window.innerWidth - 470) + 'px';
    tip.style.top = (y + 14) + 'px';
  }

  function hideTip() { tip.hidden = true; }

  function showDetails(title, text) {
    document.getElementById('details-title').textContent = title;
    document.getElementById('details-text').textContent = text;
  }

  // ---- header ----
  var c = model.counts;
  document.getElementById('counts').textContent = (layer
    ? c.workloads + ' ' + (c.workloads === 1 ? layer.noun : layer.plural) + ' (' + layer.name + ')'
    : plural(c.workloads, 'workload') + ' in ' + plural(c.namespaces, 'namespace') + ', ' + plural(c.policies, 'policy').replace('policys', 'policies')) +
    (c.mesh ? ', ' + plural(c.mesh.authorizationPolicies, 'Istio authorization policy').replace('policys', 'policies') +
      ' (' + plural(c.mesh.sidecars, 'workload') + ' with a sidecar)' : '') +
    ', ' + plural(c.externalRanges, 'external range') + ', ' + plural(c.connections, 'allowed flow') + ', ' + plural(model.findings.length, 'finding') + '.';
  if (model.unmodelled.length > 0) {
    var unmodelled = document.getElementById('unmodelled');
    unmodelled.textContent = 'Not modelled: ' + model.unmodelled.join('; ') +
      '. The graph, the matrix and the findings ignore ' + (model.unmodelled.length === 1 ? 'this policy' : 'these policies') +
      ' and may be wrong in either direction.';
    unmodelled.hidden = false;
  }

  // ---- graph ----
  var spacing = 110;

  function positions() {
    var boxes = groups.map(function (g, i) {
      var k = members[i].length;
      if (!expanded[i]) return { w: spacing * 1.8, h: spacing * 1.4, cols: 0 };
      var cols = Math.max(1, Math.ceil(Math.sqrt(k)));
      var rows = Math.ceil(k / cols);
      return { w: cols * spacing + spacing * 0.8, h: rows * spacing * 0.8 + spacing * 1.4, cols: cols };
    });
    var area = boxes.reduce(function (a, b) { return a + b.w * b.h; }, 0);
    var rowWidth = Math.max(Math.sqrt(area) * 1.4, Math.max.apply(null, boxes.map(function (b) { return b.w; }).concat([0])));
    var x = 0, y = 0, rowHeight = 0, at = [];
    boxes.forEach(function (b) {
      if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowHeight; rowHeight = 0; }
      // Every other box a little lower: flows along a row do not run through the boxes between.
      at.push({ x: x, y: y + (at.length % 2) * spacing * 0.45 });
      x += b.w;
      rowHeight = Math.max(rowHeight, b.h);
    });
    return { boxes: boxes, at: at };
  }

  function elements() {
    var p = positions(), out = [];
    groups.forEach(function (g, i) {
      if (members[i].length === 0) return;
      var b = p.boxes[i], o = p.at[i];
      if (!expanded[i]) {
        var size = Math.round(36 + 10 * Math.log(1 + members[i].length));
        out.push({ group: 'nodes', data: { id: 'g' + i, label: g.name + '\n' + plural(members[i].length, g.kind === 'external' ? 'range' : 'workload'), kind: 'group', collapsed: 1, size: size },
          position: { x: o.x + b.w / 2, y: o.y + b.h / 2 } });
        return;
      }
      out.push({ group: 'nodes', data: { id: 'g' + i, label: g.name, kind: 'group' } });
      members[i].forEach(function (n, j) {
        var col = j % b.cols, row = Math.floor(j / b.cols);
        out.push({ group: 'nodes', data: { id: 'n' + n, parent: 'g' + i, label: nodes[n].name, kind: nodes[n].kind === 'External' ? 'external' : 'workload' },
          position: { x: o.x + spacing * 0.4 + col * spacing + spacing / 2, y: o.y + spacing * 0.6 + row * spacing * 0.8 + (col % 2) * spacing * 0.35 } });
      });
    });
    edges.forEach(function (e, k) {
      var gs = nodes[e.source].group, gt = nodes[e.target].group;
      var shown = gs === gt ? expanded[gs] : model.detailed && expanded[gs] && expanded[gt];
      if (shown) out.push({ group: 'edges', data: { id: 'e' + k, source: 'n' + e.source, target: 'n' + e.target, kind: 'flow' } });
    });
    var maxFlows = Math.max.apply(null, groupEdges.map(function (g) { return g.flows; }).concat([1]));
    groupEdges.forEach(function (g, k) {
      if (g.source === g.target) return;
      if (model.detailed && expanded[g.source] && expanded[g.target]) return;
      out.push({ group: 'edges', data: { id: 'ge' + k, source: 'g' + g.source, target: 'g' + g.target, kind: 'groupflow', w: 1.5 + 4 * g.flows / maxFlows } });
    });
    return out;
  }

  var cy = cytoscape({
    container: document.getElementById('graph'),
    elements: [],
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'wrap', 'text-max-width': 100, 'background-color': '#4a7bd0', 'width': 18, 'height': 18 } },
      { selector: 'node[kind="external"]', style: { 'background-color': '#c0392b', 'shape': 'diamond' } },
      { selector: 'node[kind="group"]', style: { 'background-color': '#eef2f8', 'background-opacity': 0.6, 'border-width': 1, 'border-color': '#8899bb', 'shape': 'round-rectangle', 'text-valign': 'top', 'font-weight': 'bold', 'font-size': 12 } },
      { selector: 'node[kind="group"][?collapsed]', style: { 'width': 'data(size)', 'height': 'data(size)', 'background-color': '#c9d6f0', 'background-opacity': 1, 'text-valign': 'bottom' } },
      { selector: 'edge', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 14, 'control-point-weights': 0.5, 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#8a93a3', 'target-arrow-color': '#8a93a3', 'arrow-scale': 0.8 } },
      { selector: 'edge[kind="groupflow"]', style: { 'width': 'data(w)', 'line-color': '#c9a227', 'target-arrow-color': '#c9a227', 'opacity': 0.75 } },
      { selector: 'edge:selected', style: { 'line-color': '#e67e22', 'target-arrow-color': '#e67e22', 'width': 3.5 } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e67e22' } }
    ]
  });

  function render() {
    hideTip();
    cy.batch(function () {
      cy.elements().remove();
      cy.add(elements());
    });
    cy.layout({ name: 'preset', fit: true, padding: 24 }).run();
    var open = expanded.filter(Boolean).length;
    document.getElementById('graph-hint').textContent = model.detailed
      ? (layer ? layer.plural + (groupWord === 'zone' ? ' grouped by zone' : '') : 'Workloads grouped by ' + groupWord) +
        '; arrows are allowed flows (hover for the ports, click for why' + (layer ? ': the ' + layer.name + ' rules that let them' : '') + '). Click a ' + groupWord + ' to collapse or expand it.' +
        (c.connections === 0 ? ' No flow is allowed: the policies deny every pair.' : '')
      : 'Large input: ' + plural(c.workloads, 'workload') + ' shown as ' + plural(groups.length, groupWord) + ' (arrows: flows between them, hover for counts and ports). ' +
        'Click a ' + groupWord + ' to expand it into its workloads and the flows inside it; click it again to collapse. ' + open + ' expanded.' +
        groups.filter(function (g, i) { return expanded[i] && g.intraEdgesOmitted; })
          .map(function (g) { return ' ' + g.name + ': its ' + g.intraFlows + ' inside flows are too many to draw one by one.'; }).join('');
  }

  function edgeText(k) {
    var e = edges[k], s = nodes[e.source], t = nodes[e.target];
    // As 'netpact explain' prints it for these files.
    if (layer) return 'ALLOWED: ' + s.id + ' => ' + t.id + ' : ' + e.ports + '\n\n' + layer.name + ' (' + layer.files + '):\n' + texts[e.egress];
    return 'ALLOWED: ' + s.id + ' => ' + t.id + ' : ' + e.ports + '\n\n' +
      'Egress of ' + s.id + ':\n' + texts[e.egress] + '\n' +
      'Ingress of ' + t.id + ':\n' + texts[e.ingress];
  }

  function groupEdgeText(k) {
    var g = groupEdges[k];
    var share = g.pairs > 0 ? ' (' + (100 * g.flows / g.pairs).toFixed(1) + '%)' : '';
    return groups[g.source].name + ' => ' + groups[g.target].name + '\n' + g.flows + ' of ' + g.pairs + ' endpoint pairs allowed' + share + '\nports: ' + g.ports;
  }

  function nodeText(n) {
    var node = nodes[n], out = 0, into = 0;
    edges.forEach(function (e) { if (e.source === n) out++; if (e.target === n) into++; });
    return node.id + '\n' + (node.labels ? 'labels: ' + node.labels + '\n' : '') +
      (model.detailed ? 'allowed flows: ' + out + ' out, ' + into + ' in' : 'allowed flows inside its ' + groupWord + ': ' + out + ' out, ' + into + ' in');
  }

  function index(id, prefix) { return parseInt(id.slice(prefix.length), 10); }

  cy.on('tap', function (evt) {
    var t = evt.target;
    if (t === cy) return;
    var kind = t.data('kind'), id = t.id();
    if (kind === 'group') {
      var g = index(id, 'g');
      expanded[g] = !expanded[g];
      render();
    } else if (kind === 'flow') {
      var k = index(id, 'e');
      showDetails('Why this flow is allowed', edgeText(k));
    } else if (kind === 'groupflow') {
      var gk = index(id, 'ge');
      showDetails('Flows between ' + groupWord + 's', groupEdgeText(gk) +
        (model.detailed ? '' : '\n\nAt this size flows are drawn one by one only inside a ' + groupWord + '; expand one to see them.'));
    } else {
      var n = index(id, 'n');
      showDetails(nodes[n].kind === 'External' ? 'External addresses' : 'Workload', nodeText(n));
    }
  });

  cy.on('mouseover', 'edge', function (evt) {
    var id = evt.target.id(), box = cy.container().getBoundingClientRect(), p = evt.renderedPosition;
    var text;
    if (evt.target.data('kind') === 'flow') {
      var e = edges[index(id, 'e')];
      text = nodes[e.source].id + ' => ' + nodes[e.target].id + '\n' + e.ports;
    } else {
      text = groupEdgeText(index(id, 'ge'));
    }
    showTip(box.left + p.x, box.top + p.y, text);
  });
  cy.on('mouseover', 'node', function (evt) {
    var id = evt.target.id(), box = cy.container().getBoundingClientRect(), p = evt.renderedPosition;
    var text = id.charAt(0) === 'g'
      ? groups[index(id, 'g')].name + ' (' + (groups[index(id, 'g')].kind === 'external' ? 'external addresses' : groupWord) + ')'
      : nodeText(index(id, 'n'));
    showTip(box.left + p.x, box.top + p.y, text);
  });
  cy.on('mouseout', 'edge, node', hideTip);
  cy.on('viewport', hideTip);

  render();
  timings.graph = performance.now();

  // ---- heat map ----
  function lerp(a, b, t) { return Math.round(a + (b - a) * t); }

  function heat(v) {
    // Light sand for a few allowed pairs, deep red for all of them.
    return 'rgb(' + lerp(253, 176, v) + ',' + lerp(224, 32, v) + ',' + lerp(180, 32, v) + ')';
  }

  function drawMatrix() {
    var canvas = document.getElementById('matrix'), ctx = canvas.getContext('2d');
    var rows, labels, cellAt;
    if (model.detailed) {
      rows = nodes.map(function (n, i) { return i; }).sort(function (a, b) { return nodes[a].group - nodes[b].group || a - b; });
      labels = rows.map(function (i) { return nodes[i].id; });
      var byPair = {};
      edges.forEach(function (e, k) { byPair[e.source + ',' + e.target] = k; });
      cellAt = function (r, col) {
        var k = byPair[rows[r] + ',' + rows[col]];
        if (k === undefined) return null;
        return { value: edges[k].ports === 'All Connections' ? 1 : 0.45, text: nodes[edges[k].source].id + ' => ' + nodes[edges[k].target].id + '\n' + edges[k].ports, edge: k };
      };
      document.getElementById('matrix-hint').textContent =
        'Rows are sources, columns destinations, ordered by ' + groupWord + '. Deep red: every port and protocol; sand: some ports. Hover for the ports, click for why.';
    } else {
      rows = groups.map(function (g, i) { return i; });
      labels = groups.map(function (g) { return g.name; });
      var byGroup = {};
      groupEdges.forEach(function (g) { byGroup[g.source + ',' + g.target] = g; });
      cellAt = function (r, col) {
        var g = byGroup[r + ',' + col];
        if (!g) return null;
        return { value: g.pairs > 0 ? Math.min(1, g.flows / g.pairs) : 1, text: groupEdgeText(groupEdges.indexOf(g)) };
      };
      document.getElementById('matrix-hint').textContent =
        'Aggregated: ' + plural(rows.length, groupWord) + ' by ' + plural(rows.length, groupWord) + ' (sources are rows). The colour is the share of endpoint pairs allowed, from sand (few) to deep red (all). Hover for counts and ports.';
    }
    var n = rows.length;
    var cell = Math.max(3, Math.min(18, Math.floor(900 / Math.max(1, n))));
    var withLabels = cell >= 9;
    ctx.font = '11px system-ui, sans-serif';
    var labelWidth = withLabels ? Math.min(260, Math.ceil(Math.max.apply(null, labels.map(function (l) { return ctx.measureText(l).width; }).concat([0]))) + 8) : 0;
    var ratio = window.devicePixelRatio || 1;
    var size = labelWidth + n * cell + 1;
    canvas.width = Math.ceil(size * ratio);
    canvas.height = Math.ceil(size * ratio);
    canvas.style.width = size + 'px';
    canvas.style.height = size + 'px';
    ctx.scale(ratio, ratio);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#1d2330';
    if (withLabels) {
      labels.forEach(function (l, i) {
        ctx.textAlign = 'right';
        ctx.fillText(l, labelWidth - 4, labelWidth + i * cell + cell / 2, labelWidth - 6);
        ctx.save();
        ctx.translate(labelWidth + i * cell + cell / 2, labelWidth - 4);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = 'left';
        ctx.fillText(l, 0, 0, labelWidth - 6);
        ctx.restore();
      });
    }
    for (var r = 0; r < n; r++) {
      for (var col = 0; col < n; col++) {
        var v = cellAt(r, col);
        ctx.fillStyle = v ? heat(v.value) : (r === col ? '#e6e9ef' : '#f5f6f8');
        ctx.fillRect(labelWidth + col * cell, labelWidth + r * cell, cell - (cell > 4 ? 1 : 0), cell - (cell > 4 ? 1 : 0));
      }
    }
    function at(evt) {
      var box = canvas.getBoundingClientRect();
      var col = Math.floor((evt.clientX - box.left - labelWidth) / cell), r = Math.floor((evt.clientY - box.top - labelWidth) / cell);
      if (r < 0 || col < 0 || r >= n || col >= n) return null;
      return { r: r, col: col, v: cellAt(r, col) };
    }
    canvas.addEventListener('mousemove', function (evt) {
      var a = at(evt);
      if (!a) { hideTip(); return; }
      showTip(evt.clientX, evt.clientY, a.v ? a.v.text : labels[a.r] + ' => ' + labels[a.col] + '\nnothing allowed');
    });
    canvas.addEventListener('mouseleave', hideTip);
    canvas.addEventListener('click', function (evt) {
      var a = at(evt);
      if (a && a.v && a.v.edge !== undefined) showDetails('Why this flow is allowed', edgeText(a.v.edge));
    });
  }

  drawMatrix();
  timings.matrix = performance.now();

  // ---- defense in depth ----
  // Callers (rows) by workloads (columns); each cell: how many layers each stop the caller on the ports the intent
  // does not open to it (0 exposed, 1 single point of failure, 2 or more defended); '.' where the intent opens them all.
  if (model.depth) {
    var depth = model.depth;
    document.getElementById('depth-section').hidden = false;
    document.getElementById('depth-link').hidden = false;
    var byPair = {};
    depth.cells.forEach(function (x) { byPair[x.caller + ',' + x.workload] = x; });
    var head = el('tr');
    head.appendChild(el('th', null, 'caller \\ workload'));
    depth.workloads.forEach(function (w) { head.appendChild(el('th', 'col', w)); });
    document.querySelector('#depth thead').appendChild(head);
    var body = document.querySelector('#depth tbody');
    var counts = [0, 0, 0];
    depth.callers.forEach(function (caller, ci) {
      var tr = el('tr');
      tr.appendChild(el('th', null, caller));
      depth.workloads.forEach(function (w, wi) {
        var x = byPair[ci + ',' + wi];
        if (!x) {
          tr.appendChild(el('td', 'cell intended', caller === w ? '' : '.'));
          return;
        }
        counts[Math.min(x.layers, 2)]++;
        var td = el('td', 'cell d' + Math.min(x.layers, 2), String(x.layers));
        td.title = caller + ' => ' + w + ' : ' + x.ports + ' (not intended)\nstopped by: ' + (x.stoppedBy.length ? x.stoppedBy.join(', ') : 'nothing') +
          (x.letThrough.length ? '\nlet through by: ' + x.letThrough.join(', ') : '');
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    document.getElementById('depth-hint').textContent = 'For every caller the intent does not allow, on the workload\'s declared ports: how many layers among the inputs would each stop it. ' +
      counts[0] + ' exposed (0), ' + counts[1] + ' single point of failure (1), ' + counts[2] + ' defended by 2 or more layers. Hover a cell for the layers; . where the intent opens every declared port.';
  }

  // ---- findings ----
  var severities = ['error', 'warning', 'note'];
  var sources = [];
  var controls = [];
  model.findings.forEach(function (f) {
    if (sources.indexOf(f.source) < 0) sources.push(f.source);
    f.controls.forEach(function (x) { if (controls.indexOf(x) < 0) controls.push(x); });
  });
  controls.sort();
  var state = { severity: { error: true, warning: true, note: true }, source: {}, control: '', suppressed: false };
  sources.forEach(function (s) { state.source[s] = true; });

  var filters = document.getElementById('filters');
  function fieldset(legend) {
    var f = el('fieldset');
    f.appendChild(el('legend', null, legend));
    filters.appendChild(f);
    return f;
  }
  function checkbox(parent, text, name, checked, onChange) {
    var label = el('label'), input = el('input');
    input.type = 'checkbox';
    input.checked = checked;
    input.name = name;
    input.addEventListener('change', function () { onChange(input.checked); apply(); });
    label.appendChild(input);
    label.appendChild(document.createTextNode(' ' + text));
    parent.appendChild(label);
    return input;
  }
  var bySeverity = fieldset('severity');
  severities.forEach(function (s) {
    var count = model.findings.filter(function (f) { return f.severity === s; }).length;
    checkbox(bySeverity, s + ' (' + count + ')', 'severity-' + s, true, function (on) { state.severity[s] = on; });
  });
  var bySource = fieldset('from');
  sources.forEach(function (s) {
    var count = model.findings.filter(function (f) { return f.source === s; }).length;
    checkbox(bySource, s + ' (' + count + ')', 'source-' + s, true, function (on) { state.source[s] = on; });
  });
  var byControl = fieldset('compliance');
  var select = el('select');
  select.name = 'control';
  select.appendChild(el('option', null, 'every control'));
  select.options[0].value = '';
  controls.forEach(function (x) { var o = el('option', null, x); o.value = x; select.appendChild(o); });
  select.addEventListener('change', function () { state.control = select.value; apply(); });
  byControl.appendChild(select);
  var suppressedCount = model.findings.filter(function (f) { return f.suppressed; }).length;
  checkbox(fieldset('suppressed'), 'show suppressed (' + suppressedCount + ')', 'suppressed', false, function (on) { state.suppressed = on; });

  var tbody = document.querySelector('#findings tbody');
  var rows = model.findings.map(function (f) {
    var tr = el('tr');
    tr.dataset.severity = f.severity;
    tr.dataset.source = f.source;
    if (f.suppressed) tr.className = 'suppressed';
    tr.appendChild(el('td', 'sev sev-' + f.severity, f.severity));
    tr.appendChild(el('td', null, f.source));
    tr.appendChild(el('td', null, f.rule));
    var message = el('td', null, f.message);
    if (f.fix || f.detail) {
      var more = el('details');
      more.appendChild(el('summary', null, f.fix ? 'how to fix' : 'details'));
      more.appendChild(el('pre', null, [f.fix, f.detail].filter(Boolean).join('\n\n')));
      message.appendChild(more);
    }
    tr.appendChild(message);
    tr.appendChild(el('td', null, f.location));
    tr.appendChild(el('td', null, f.workloads.join(', ')));
    var tags = el('td');
    f.controls.forEach(function (x) { tags.appendChild(el('span', 'tag', x)); });
    tr.appendChild(tags);
    tbody.appendChild(tr);
    return { tr: tr, f: f };
  });

  function apply() {
    var shown = 0;
    rows.forEach(function (r) {
      var f = r.f;
      var visible = state.severity[f.severity] && state.source[f.source] && (state.control === '' || f.controls.indexOf(state.control) >= 0) &&
        (state.suppressed || !f.suppressed);
      r.tr.hidden = !visible;
      if (visible) shown++;
    });
    document.getElementById('findings-shown').textContent = model.findings.length === 0
      ? 'No findings.'
      : shown + ' of ' + plural(model.findings.length, 'finding') + ' shown.';
  }

  apply();
  timings.findings = performance.now();

  // For people poking at the page from the console, and for the browser tests (timings: ms since navigation).
  window.netpactReport = { model: model, cy: cy, expanded: expanded, timings: timings };
})();
