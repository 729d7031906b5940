/* The argument map: filters by issue, source, holder, relation and origin; where the sources disagree;
   focus on one claim's chain of support and challenge, in both directions. Text via textContent only. */
(function () {
  "use strict";
  var state = window.minilat;
  var data = state.data;
  var panel = data.argument;
  var el = state.el;
  var bilingual = state.bilingual;
  var byId = state.byId;
  var chainRelations = new Set(panel.chain);
  var hiddenWorks = new Set();
  var hiddenIssues = new Set();
  var hiddenOrigins = new Set();
  var holder = "";
  var focus = null;  // {id, up: Map, down: Map}
  var FOCUS_FONT = { size: 15, strokeWidth: 0 };
  var FOCUS_WIDTH = { minimum: 230, maximum: 230 };

  function holderMatches(n) {
    if (!holder) return true;
    if (holder.indexOf("actor:") === 0) return n.holder === "reported" && n.actors.indexOf(holder.slice(6)) >= 0;
    return n.holder === holder;
  }
  state.nodeFilter = function (n) {
    if (n.kind === "claim") {
      if (focus) return focus.up.has(n.id) || focus.down.has(n.id);
      return !hiddenIssues.has(n.issue) && !hiddenWorks.has(n.work) && holderMatches(n);
    }
    if (n.kind === "work") return !focus && !hiddenIssues.has(n.issue) && !hiddenWorks.has(n.id);
    return true;
  };
  state.edgeFilter = function (e) {
    if (e.origin && hiddenOrigins.has(e.origin)) return false;
    if (focus && byId.get(e.from).kind === "claim" && byId.get(e.to).kind === "claim") return chainRelations.has(e.relation);
    return true;
  };
  state.dependent = function (n) { return n.kind !== "claim" && n.kind !== "work"; };

  /* Filters. */
  function check(container, key, en, zh, color, onChange) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.key = key;
    box.addEventListener("change", function () { onChange(box.checked); });
    var wrap = el("label");
    wrap.appendChild(box);
    if (color) {
      var mark = el("span", null, "swatch box");
      mark.style.background = color;
      wrap.appendChild(mark);
    }
    wrap.appendChild(bilingual(el("span"), en, zh));
    container.appendChild(wrap);
  }
  var issues = document.getElementById("issue-filters");
  (panel.issues || []).forEach(function (i) {
    check(issues, i.iri, i.en + " (" + i.count + ")", i.zh + "（" + i.count + "）", null, function (on) {
      if (on) hiddenIssues.delete(i.iri); else hiddenIssues.add(i.iri);
      state.applyVisibility();
    });
  });
  var works = document.getElementById("work-filters");
  panel.works.forEach(function (w) {
    check(works, w.iri, w.en + " (" + w.count + ")", w.zh + "（" + w.count + "）", w.color, function (on) {
      if (on) hiddenWorks.delete(w.iri); else hiddenWorks.add(w.iri);
      state.applyVisibility();
    });
  });
  var origins = document.getElementById("origin-filters");
  panel.origins.forEach(function (o) {
    check(origins, o.key, o.en + " (" + o.count + ")", o.zh + "（" + o.count + "）", null, function (on) {
      if (on) hiddenOrigins.delete(o.key); else hiddenOrigins.add(o.key);
      state.applyVisibility();
    });
  });
  /* Relations: the same switches as the legend's, kept in step with them. */
  var relations = document.getElementById("relation-filters");
  data.legend.edges.forEach(function (item) {
    var legendBox = document.querySelector('#legend input[data-relation="' + item.key + '"]');
    check(relations, item.key, item.en, item.zh, null, function (on) {
      legendBox.checked = on;
      state.setRelationVisible(item.key, on);
    });
    var box = relations.querySelector('input[data-key="' + item.key + '"]');
    box.checked = !item.hidden;
    box.style.accentColor = item.color;
    legendBox.addEventListener("change", function () { box.checked = legendBox.checked; });
  });
  var holders = document.getElementById("holder-filter");
  [{ key: "", en: "anyone", zh: "全部", count: null }].concat(panel.holders).forEach(function (h) {
    var option = el("option");
    option.value = h.key;
    var count = h.count === null ? "" : " (" + h.count + ")";
    bilingual(option, h.en + count, h.zh + count);
    holders.appendChild(option);
  });
  holders.addEventListener("change", function () { holder = holders.value; state.applyVisibility(); });

  /* Where the sources disagree: contests, and qualifies between two sources, with both claims and the rationale. */
  var list = document.getElementById("disagreements");
  function renderDisagreements() {
    var lang = state.lang();
    var items = panel.disagreements.map(function (d) {
      var li = el("li", null, "disagreement");
      li.dataset.edge = d.edge;
      var head = el("p", null, "pair");
      var relation = el("span", state.pick(d.relation), "relation");
      relation.style.color = data.edges.find(function (e) { return e.id === d.edge; }).color.color;
      head.append(el("span", state.label(byId.get(d.from)), "claim-label"), " ", relation, " ", el("span", state.label(byId.get(d.to)), "claim-label"));
      li.appendChild(head);
      if (d.rationale) li.appendChild(el("p", state.pick(d.rationale), "rationale"));
      if (d.origin) li.appendChild(el("p", (lang === "en" ? "Origin: " : "来源：") + state.pick(d.origin), "hint"));
      li.addEventListener("click", function () { exitFocus(); state.selectEdge(d.edge); });
      return li;
    });
    if (!items.length) items = [el("li", lang === "en" ? "No contests or cross-source qualifications in the graph." : "图谱中没有质疑关系或跨出处的限定关系。", "hint")];
    list.replaceChildren.apply(list, items);
  }

  /* Focus mode: the claims that support or challenge this one (before it), and those it supports or challenges (after it). */
  function walk(id, forward) {
    var depth = new Map([[id, 0]]);
    var queue = [id];
    while (queue.length) {
      var current = queue.shift();
      data.edges.forEach(function (e) {
        if (!chainRelations.has(e.relation)) return;
        var from = forward ? e.from : e.to, to = forward ? e.to : e.from;
        if (from === current && !depth.has(to)) {
          depth.set(to, depth.get(current) + 1);
          queue.push(to);
        }
      });
    }
    return depth;
  }
  function chain(id) { return { id: id, up: walk(id, false), down: walk(id, true) }; }
  state.chain = function (id) {
    var c = chain(id);
    return Array.from(new Set(Array.from(c.up.keys()).concat(Array.from(c.down.keys())))).sort();
  };
  var focusBar = document.getElementById("focus-bar");
  var focusText = document.getElementById("focus-text");
  function describeFocus() {
    if (!focus) return;
    var n = byId.get(focus.id), up = focus.up.size - 1, down = focus.down.size - 1;
    var where = focus.vertical ? [["above", "below"], ["上方", "下方"]] : [["left", "right"], ["左侧", "右侧"]];
    focusText.textContent = state.lang() === "en"
      ? "Chain of “" + n.en + "”: " + up + " claims lead to it (" + where[0][0] + "), " + down + " follow from it (" + where[0][1] + ")."
      : "“" + n.zh + "”的论证链：" + up + " 条论断通向它（" + where[1][0] + "），" + down + " 条由它引出（" + where[1][1] + "）。";
  }
  function focusOn(id) {
    if (!byId.has(id) || byId.get(id).kind !== "claim") return;
    focus = chain(id);
    var columns = new Map();
    focus.up.forEach(function (d, n) { columns.set(n, -d); });
    focus.down.forEach(function (d, n) { if (!columns.has(n)) columns.set(n, d); });
    var byColumn = new Map();
    columns.forEach(function (c, n) { (byColumn.get(c) || byColumn.set(c, []).get(c)).push(n); });
    /* Larger boxes to read the chain; measured after a redraw. */
    state.nodes.update(data.nodes.map(function (n) {
      return n.kind !== "claim" ? { id: n.id } : columns.has(n.id) ? { id: n.id, font: FOCUS_FONT, widthConstraint: FOCUS_WIDTH, hidden: false }
        : { id: n.id, font: n.font, widthConstraint: n.widthConstraint };
    }));
    state.network.redraw();
    /* Depth across (columns, left to right) or down (rows, top to bottom), whichever the canvas shows larger. */
    var depths = Array.from(byColumn.keys()).sort(function (a, b) { return a - b; });
    var size = {};
    columns.forEach(function (c, n) { var b = state.network.getBoundingBox(n); size[n] = [b.right - b.left, b.bottom - b.top]; });
    byColumn.forEach(function (members) {
      members.sort(function (a, b) { return byId.get(a).y - byId.get(b).y || byId.get(a).x - byId.get(b).x; });
    });
    var gap = 28, step = FOCUS_WIDTH.maximum + 64;
    var across = [depths.length * step, Math.max.apply(null, depths.map(function (d) {
      return byColumn.get(d).reduce(function (s, m) { return s + size[m][1] + gap; }, 0);
    }))];
    var rowHeight = depths.map(function (d) { return Math.max.apply(null, byColumn.get(d).map(function (m) { return size[m][1]; })) + 70; });
    var down = [Math.max.apply(null, depths.map(function (d) { return byColumn.get(d).length; })) * (FOCUS_WIDTH.maximum + 36),
                rowHeight.reduce(function (s, h) { return s + h; }, 0)];
    var box = state.network.body.container.getBoundingClientRect();
    var scale = function (e) { return Math.min(box.width / e[0], box.height / e[1]); };
    var vertical = scale(down) > scale(across);
    var updates = [];
    var top = 0;
    depths.forEach(function (d, i) {
      var members = byColumn.get(d);
      if (vertical) {
        var x = -(members.length - 1) * (FOCUS_WIDTH.maximum + 36) / 2;
        members.forEach(function (m) { updates.push({ id: m, x: x, y: top + rowHeight[i] / 2 }); x += FOCUS_WIDTH.maximum + 36; });
        top += rowHeight[i];
        return;
      }
      var total = members.reduce(function (s, m) { return s + size[m][1] + gap; }, -gap);
      var y = -total / 2;
      members.forEach(function (m) { updates.push({ id: m, x: d * step, y: y + size[m][1] / 2 }); y += size[m][1] + gap; });
    });
    focus.vertical = vertical;
    state.nodes.update(updates);
    state.applyVisibility();
    focusBar.hidden = false;
    describeFocus();
    state.network.selectNodes([id]);
    state.showDetails(id);
    state.network.fit({ nodes: Array.from(columns.keys()), animation: false, maxZoomLevel: 1.3 });
  }
  function exitFocus() {
    if (!focus) return;
    focus = null;
    state.nodes.update(data.nodes.map(function (n) {
      return n.kind === "claim" ? { id: n.id, x: n.x, y: n.y, font: n.font, widthConstraint: n.widthConstraint } : { id: n.id, x: n.x, y: n.y };
    }));
    focusBar.hidden = true;
    state.applyVisibility();
    state.network.fit({ animation: false });
  }
  state.focusChain = focusOn;
  state.exitFocus = exitFocus;
  state.inFocus = function () { return focus ? focus.id : null; };
  state.focusAxis = function () { return focus ? (focus.vertical ? "y" : "x") : null; };
  document.getElementById("focus-exit").addEventListener("click", exitFocus);
  state.detailsExtra = function (n) {
    if (n.kind !== "claim") return [];
    var button = el("button", null, "focus-button");
    button.type = "button";
    bilingual(button, "Show its chain of support and challenge", "显示其支持与质疑链");
    button.addEventListener("click", function () { focusOn(n.id); });
    return [button];
  };
  state.onLanguage = function () { renderDisagreements(); describeFocus(); };
  /* #chain=IRI (from a claim's page) opens focus mode on that claim. */
  state.hashHandlers.push(function (params) { if (params.get("chain")) focusOn(params.get("chain")); });
  renderDisagreements();
  state.applyVisibility();
  state.network.fit({ animation: false });
})();
