/* minilat view page: every text from the graph goes into the DOM through textContent, never as HTML.
   Nodes and edges carry no `title` (vis-network would render it as HTML); tooltips are our own. */
(function () {
  "use strict";
  performance.mark("minilat:script");
  var data = JSON.parse(document.getElementById("minilat-data").textContent);
  var lang = "zh";
  var sizeMetric = 0;
  var colorBy = "type";
  var METRIC_NAMES = [["degree", "度"], ["betweenness", "中介中心性"], ["eigenvector", "特征向量中心性"], ["community", "社群"]];
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

  /* Only drawing options go into the DataSets (vis-network copies what it gets); the rest stays in byId. */
  function only(keys) {
    return function (item) {
      var out = {};
      keys.forEach(function (k) { if (item[k] !== undefined) out[k] = item[k]; });
      return out;
    };
  }
  var nodes = new vis.DataSet(data.nodes.map(only(["id", "label", "x", "y", "color", "shape", "size", "font"])));
  var edges = new vis.DataSet(data.edges.map(only(["id", "from", "to", "color", "width", "dashes", "arrows"])));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  performance.mark("minilat:network");
  var state = { network: network, nodes: nodes, edges: edges, data: data, ready: false, firstDraw: null };
  window.minilat = state;
  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    state.ready = true;
  });
  network.fit({ animation: false });

  function pick(value) {
    return Array.isArray(value) ? (lang === "en" ? value[0] : value[1]) : String(value);
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function fieldList(fields) {
    var dl = el("dl", null, "fields");
    fields.forEach(function (f) {
      dl.appendChild(el("dt", lang === "en" ? f[0] : f[1]));
      dl.appendChild(el("dd", pick(f[2])));
    });
    return dl;
  }
  function metricFields(n) {
    return n.metrics.map(function (v, i) {
      return [METRIC_NAMES[i][0], METRIC_NAMES[i][1], i === 3 ? String(v + 1) : String(v)];
    });
  }
  function nodeFields(n) { return n.fields.concat(metricFields(n)); }
  function label(n) { return lang === "en" ? n.en : n.zh; }

  /* Tooltip: built from DOM nodes, positioned at the pointer. */
  var tooltip = document.getElementById("tooltip");
  function showTooltip(fields, pointer) {
    tooltip.replaceChildren(fieldList(fields));
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, box.left + pointer.x - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, window.innerHeight - h - 8);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) { showTooltip(nodeFields(byId.get(p.node)), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeById.get(p.edge).fields, p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* Details panel for the selected node, with its neighbours. */
  var details = document.getElementById("details");
  var detailsHint = details.firstElementChild;
  function showDetails(id) {
    var n = byId.get(id);
    if (!n) { details.replaceChildren(detailsHint); return; }
    var head = el("h3", label(n));
    var list = el("ul", null, "neighbours");
    network.getConnectedNodes(id).map(function (m) { return byId.get(m); })
      .sort(function (a, b) { return label(a).localeCompare(label(b)); })
      .forEach(function (m) {
        var li = el("li", label(m));
        li.addEventListener("click", function () { focusNode(m.id); });
        list.appendChild(li);
      });
    details.replaceChildren(head, fieldList(nodeFields(n)), el("h4", lang === "en" ? "Linked to" : "相连节点"), list);
  }
  network.on("selectNode", function (p) { showDetails(p.nodes[0]); });
  network.on("deselectNode", function () { showDetails(null); });

  function focusNode(id) {
    var n = byId.get(id);
    if (nodes.get(id).hidden) setKindVisible(n.kind, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showDetails(id);
  }

  /* Search: exact name (either language, or an alternative name) first, then substring. */
  var searchList = document.getElementById("search-list");
  var seen = new Set();
  data.nodes.forEach(function (n) {
    if (n.kind === "claim") return;
    [n.zh, n.en].forEach(function (v) {
      if (seen.has(v)) return;
      seen.add(v);
      var opt = document.createElement("option");
      opt.value = v;
      searchList.appendChild(opt);
    });
  });
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var names = function (n) { return [n.zh, n.en].concat(n.search).map(function (s) { return s.toLowerCase(); }); };
    var exact = data.nodes.filter(function (n) { return names(n).indexOf(q) >= 0; });
    if (exact.length) return exact[0].id;
    var partial = data.nodes.filter(function (n) { return names(n).some(function (s) { return s.indexOf(q) >= 0; }); });
    partial.sort(function (a, b) { return a.zh.length - b.zh.length || (a.id < b.id ? -1 : 1); });
    return partial.length ? partial[0].id : null;
  }
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var id = find(document.getElementById("search").value);
    status.textContent = id ? (lang === "en" ? "found" : "已找到") : (lang === "en" ? "not found" : "未找到");
    if (id) focusNode(id);
  });
  state.find = find;
  state.focusNode = focusNode;

  /* Filter by type. */
  var filters = document.getElementById("kind-filters");
  function setKindVisible(kind, visible) {
    var box = filters.querySelector('input[data-kind="' + kind + '"]');
    if (box) box.checked = visible;
    nodes.update(data.nodes.filter(function (n) { return n.kind === kind; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
  }
  data.kinds.forEach(function (k) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.kind;
    box.addEventListener("change", function () { setKindVisible(k.kind, box.checked); });
    var text = el("span", k.zh + " (" + k.count + ")");
    text.dataset.en = k.en + " (" + k.count + ")";
    text.dataset.zh = k.zh + " (" + k.count + ")";
    var wrap = el("label");
    wrap.append(box, text);
    filters.appendChild(wrap);
  });
  if (data.kinds.length < 2) document.getElementById("filter-section").hidden = true;

  /* Legend. */
  var legend = document.getElementById("legend");
  function legendRow(mark, en, zh) {
    var row = el("div", null, "legend-row");
    var text = el("span", zh);
    text.dataset.en = en;
    text.dataset.zh = zh;
    row.append(mark, text);
    legend.appendChild(row);
  }
  data.legend.nodes.forEach(function (item) {
    var mark = el("span", null, "swatch " + item.shape);
    mark.style.background = item.color;
    legendRow(mark, item.en, item.zh);
  });
  /* Each line style can be hidden with its checkbox. */
  function setRelationVisible(key, visible) {
    edges.update(data.edges.filter(function (e) { return (data.legendKey[e.relation] || "other") === key; })
      .map(function (e) { return { id: e.id, hidden: !visible }; }));
  }
  data.legend.edges.forEach(function (item) {
    var dash = item.dashes.length ? (item.dashes[0] <= 3 ? " dotted" : " dashed") : "";
    var mark = el("span", null, "line" + dash + (item.arrow ? " arrow" : ""));
    mark.style.borderTopColor = item.color;
    mark.style.color = item.color;
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.relation = item.key;
    box.title = "show / hide";
    box.addEventListener("change", function () { setRelationVisible(item.key, box.checked); });
    var wrap = el("label", null, "legend-toggle");
    wrap.append(box, mark);
    legendRow(wrap, item.en, item.zh);
  });
  var communityNote = el("p", "按社群着色：本视图图结构的 Louvain 社群划分（固定随机种子）。", "hint");
  communityNote.dataset.en = "Colour by community: Louvain communities of this view's graph (seeded).";
  communityNote.dataset.zh = "按社群着色：本视图图结构的 Louvain 社群划分（固定随机种子）。";
  communityNote.hidden = true;
  legend.appendChild(communityNote);

  /* Ranking table by the chosen metric (states, mechanisms and concepts when the view has them). */
  var ranking = document.getElementById("ranking");
  function renderRanking() {
    var focus = data.nodes.filter(function (n) { return n.kind === "state" || n.kind === "mechanism" || n.kind === "concept"; });
    var pool = (focus.length ? focus : data.nodes).slice();
    pool.sort(function (a, b) { return b.metrics[sizeMetric] - a.metrics[sizeMetric] || (a.id < b.id ? -1 : 1); });
    var head = el("tr");
    head.append(el("th", lang === "en" ? "name" : "名称"));
    [0, 1, 2, 3].forEach(function (i) { head.append(el("th", lang === "en" ? METRIC_NAMES[i][0] : METRIC_NAMES[i][1], "num")); });
    var rows = [head];
    pool.slice(0, 15).forEach(function (n) {
      var tr = el("tr");
      tr.dataset.id = n.id;
      tr.append(el("td", label(n)));
      n.metrics.forEach(function (v, i) { tr.append(el("td", i === 3 ? String(v + 1) : String(v), "num")); });
      tr.addEventListener("click", function () { focusNode(n.id); });
      rows.push(tr);
    });
    ranking.replaceChildren.apply(ranking, rows);
  }

  /* Size, colour and language switches. */
  function applySize() {
    var all = 0;
    data.nodes.forEach(function (n) { all = Math.max(all, n.metrics[sizeMetric]); });
    nodes.update(data.nodes.map(function (n) {
      var base = n.kind === "claim" ? 5 : 7;
      var size = all > 0 ? base + 18 * Math.sqrt(n.metrics[sizeMetric] / all) : base;
      return { id: n.id, size: Math.round(size * 100) / 100 };
    }));
  }
  function applyColor() {
    var palette = data.communityColors;
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, color: colorBy === "type" ? n.typeColor : palette[n.metrics[3] % palette.length] };
    }));
    communityNote.hidden = colorBy !== "community";
  }
  function applyLanguage() {
    document.documentElement.lang = lang === "en" ? "en" : "zh";
    document.querySelectorAll("[data-en]").forEach(function (node) { node.textContent = node.dataset[lang]; });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: label(n) }; }));
    var selected = network.getSelectedNodes();
    showDetails(selected.length ? selected[0] : null);
    renderRanking();
    status.textContent = "";
  }
  document.getElementById("lang").addEventListener("change", function (e) { lang = e.target.value; applyLanguage(); });
  document.getElementById("size-by").addEventListener("change", function (e) { sizeMetric = Number(e.target.value); applySize(); renderRanking(); });
  document.getElementById("color-by").addEventListener("change", function (e) { colorBy = e.target.value; applyColor(); });
  document.getElementById("physics").addEventListener("change", function (e) { network.setOptions({ physics: { enabled: e.target.checked } }); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  if (data.view.colorBy !== "type") {
    colorBy = data.view.colorBy;
    document.getElementById("color-by").value = colorBy;
    applyColor();
  }
  renderRanking();
})();
