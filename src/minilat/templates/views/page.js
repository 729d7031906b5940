/* minilat view page: every text from the graph goes into the DOM through textContent, never as HTML.
   Nodes and edges carry no `title` (vis-network would render it as HTML); tooltips are our own. */
(function () {
  "use strict";
  performance.mark("minilat:script");
  var data = JSON.parse(document.getElementById("minilat-data").textContent);
  var links = window.minilatLinks;
  var lang = "zh";
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
  data.nodes.forEach(function (n) { if (n.shape === "box") n.label = n.label.replace(/ & /g, "\u00a0&\u00a0"); });
  var nodes = new vis.DataSet(data.nodes.map(only(["id", "label", "x", "y", "color", "shape", "size", "font", "borderWidth", "widthConstraint", "shapeProperties"])));
  var edges = new vis.DataSet(data.edges.map(only(["id", "from", "to", "color", "width", "dashes", "arrows", "label", "font", "smooth", "hidden"])));
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  performance.mark("minilat:network");
  var state = { network: network, nodes: nodes, edges: edges, data: data, ready: false, firstDraw: null, selected: null,
                nodeFilter: null, edgeFilter: null, dependent: null, detailsExtra: null, byId: byId, edgeById: edgeById };
  window.minilat = state;
  /* Ready once drawn and once every script of the page has run (the argument map adds its own after this one). */
  var painted = false, loaded = false;
  function markReady() { state.ready = painted && loaded; }
  network.once("afterDrawing", function () {
    state.firstDraw = performance.now();
    painted = true;
    markReady();
  });

  function pick(value) {
    return Array.isArray(value) ? (lang === "en" ? value[0] : value[1]) : String(value);
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function bilingual(node, en, zh) {
    node.dataset.en = en;
    node.dataset.zh = zh;
    node.textContent = lang === "en" ? en : zh;
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
  /* On the canvas a box's label wraps at spaces: keep "Wu & Kim" on one line. */
  function drawn(n) { return n.shape === "box" ? label(n).replace(/ & /g, "\u00a0&\u00a0") : label(n); }
  function anchor(href, en, zh, cls) {
    var a = el("a", lang === "en" ? en : zh, cls);
    a.href = href;
    return a;
  }
  /* Links of a node: its page, and for a claim its passage in the digest. */
  function nodeLinks(n) {
    var p = el("p", null, "links");
    var page = links.page(n.id);
    if (page) p.appendChild(anchor(page, "Open its page", "打开其页面", "page-link"));
    var passage = n.passage ? links.passage(n.passage) : null;
    if (passage) p.appendChild(anchor(passage, "Passage in the digest", "文摘原文段落", "passage-link"));
    return p;
  }
  state.el = el;
  state.pick = pick;
  state.label = label;
  state.lang = function () { return lang; };
  state.bilingual = bilingual;
  state.nodeLinks = nodeLinks;
  state.METRIC_NAMES = METRIC_NAMES;

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

  /* The selection, at the top of the side panel: a node with its links and neighbours, or a line with both ends. */
  var detailsSection = document.getElementById("details-section");
  var details = document.getElementById("details");
  var aside = document.querySelector("aside");
  function showDetails(id) {
    var n = byId.get(id);
    if (!n) { clearDetails(); return; }
    state.selected = { node: id };
    var list = el("ul", null, "neighbours");
    network.getConnectedNodes(id).map(function (m) { return byId.get(m); })
      .sort(function (a, b) { return label(a).localeCompare(label(b)); })
      .forEach(function (m) {
        var li = el("li", label(m));
        li.addEventListener("click", function () { focusNode(m.id); });
        list.appendChild(li);
      });
    var parts = [el("h3", label(n)), nodeLinks(n)];
    if (state.detailsExtra) parts = parts.concat(state.detailsExtra(n) || []);
    parts.push(fieldList(nodeFields(n)), el("h4", lang === "en" ? "Linked to" : "相连节点"), list);
    details.replaceChildren.apply(details, parts);
    detailsSection.hidden = false;
    aside.scrollTop = 0;
  }
  function endBlock(id, en, zh) {
    var n = byId.get(id);
    var block = el("div", null, "end");
    block.append(el("h4", lang === "en" ? en : zh), el("p", label(n), "end-label"), nodeLinks(n));
    return block;
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) { clearDetails(); return; }
    state.selected = { edge: id };
    var parts = [el("h3", pick([e.en, e.zh]))];
    var linkPage = e.link ? links.page(e.link) : null;
    if (linkPage) {
      var p = el("p", null, "links");
      p.appendChild(anchor(linkPage, "Open the link's page", "打开该关系的页面", "link-page"));
      parts.push(p);
    }
    parts.push(endBlock(e.from, "From", "起点"), endBlock(e.to, "To", "终点"), fieldList(e.fields));
    details.replaceChildren.apply(details, parts);
    detailsSection.hidden = false;
    aside.scrollTop = 0;
  }
  function clearDetails() {
    state.selected = null;
    detailsSection.hidden = true;
  }
  network.on("selectNode", function (p) { showDetails(p.nodes[0]); });
  network.on("selectEdge", function (p) { if (!p.nodes.length && p.edges.length) showEdge(p.edges[0]); });
  network.on("deselectNode", function (p) { if (!p.edges.length) clearDetails(); });
  network.on("deselectEdge", function (p) { if (!p.nodes.length && !p.edges.length) clearDetails(); });
  network.on("doubleClick", function (p) {
    var href = p.nodes.length ? links.page(p.nodes[0]) : null;
    if (href) window.location.href = href;
  });
  document.getElementById("details-close").addEventListener("click", function () { network.unselectAll(); clearDetails(); });

  function focusNode(id) {
    var n = byId.get(id);
    if (!n) return;
    if (nodes.get(id).hidden) setKindVisible(n.kind, true);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showDetails(id);
  }
  function selectEdge(id) {
    var e = edgeById.get(id);
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    network.fit({ nodes: [e.from, e.to], animation: false });
    showEdge(id);
  }
  state.focusNode = focusNode;
  state.showDetails = showDetails;
  state.selectEdge = selectEdge;

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

  /* What is shown: types, line styles, and the view's own filters (state.nodeFilter, edgeFilter);
     nodes that state.dependent marks are shown only with a visible line. */
  var hiddenKinds = new Set();
  var hiddenRelations = new Set(data.legend.edges.filter(function (e) { return e.hidden; }).map(function (e) { return e.key; }));
  state.setRelationVisible = function (key, visible) {
    if (visible) hiddenRelations.delete(key); else hiddenRelations.add(key);
    applyVisibility();
  };
  function applyVisibility() {
    var shown = new Map();
    data.nodes.forEach(function (n) { shown.set(n.id, !hiddenKinds.has(n.kind) && (!state.nodeFilter || state.nodeFilter(n))); });
    var linked = new Set();
    var edgeShown = new Map();
    data.edges.forEach(function (e) {
      var on = shown.get(e.from) && shown.get(e.to) && !hiddenRelations.has(data.legendKey[e.relation] || "other") && (!state.edgeFilter || state.edgeFilter(e));
      edgeShown.set(e.id, on);
      if (on) { linked.add(e.from); linked.add(e.to); }
    });
    if (state.dependent) data.nodes.forEach(function (n) { if (state.dependent(n) && !linked.has(n.id)) shown.set(n.id, false); });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !shown.get(n.id) }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !(edgeShown.get(e.id) && shown.get(e.from) && shown.get(e.to)) }; }));
  }
  state.applyVisibility = applyVisibility;
  var filters = document.getElementById("kind-filters");
  function setKindVisible(kind, visible) {
    var box = filters.querySelector('input[data-kind="' + kind + '"]');
    if (box) box.checked = visible;
    if (visible) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
    applyVisibility();
  }
  data.kinds.forEach(function (k) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.kind;
    box.addEventListener("change", function () { setKindVisible(k.kind, box.checked); });
    var wrap = el("label");
    wrap.append(box, bilingual(el("span"), k.en + " (" + k.count + ")", k.zh + " (" + k.count + ")"));
    filters.appendChild(wrap);
  });
  if (data.kinds.length < 2) document.getElementById("filter-section").hidden = true;

  function refreshSelection() {
    var s = state.selected;
    if (s && s.node) showDetails(s.node); else if (s && s.edge) showEdge(s.edge);
  }
  function applyLanguage() {
    document.documentElement.lang = lang === "en" ? "en" : "zh";
    document.querySelectorAll("[data-en]").forEach(function (node) { node.textContent = node.dataset[lang]; });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, label: drawn(n) }; }));
    edges.update(data.edges.filter(function (e) { return e.label; }).map(function (e) { return { id: e.id, label: lang === "en" ? e.en : e.zh }; }));
    refreshSelection();
    if (state.renderRanking) state.renderRanking();
    status.textContent = "";
    if (state.onLanguage) state.onLanguage();
  }
  state.setLanguage = function (value) { lang = value; document.getElementById("lang").value = value; applyLanguage(); };
  document.getElementById("lang").addEventListener("change", function (e) { lang = e.target.value; applyLanguage(); });
  document.getElementById("physics").addEventListener("change", function (e) { network.setOptions({ physics: { enabled: e.target.checked } }); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  applyVisibility();
  network.fit({ animation: false });

  /* #focus=IRI (from an entity page) centres the view on that node. */
  state.hashHandlers = [];
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var focus = params.get("focus");
    if (focus && byId.has(focus)) focusNode(focus);
    state.hashHandlers.forEach(function (h) { h(params); });
  }
  state.fromHash = fromHash;
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", function () {
    loaded = true;
    fromHash();
    markReady();
  });
})();
