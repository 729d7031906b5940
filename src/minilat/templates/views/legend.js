/* minilat view page: the legend (node types, or communities when coloured by community; line styles with
   their switches), frames around groups laid apart, the ranking table, and the size and colour switches. */
(function () {
  "use strict";
  var state = window.minilat;
  var data = state.data;
  var network = state.network;
  var nodes = state.nodes;
  var el = state.el;
  var bilingual = state.bilingual;
  var sizeMetric = 0;
  var colorBy = data.view.colorBy;

  /* Legend: node types (or communities, when coloured by community) and line styles, each with a switch. */
  var legend = document.getElementById("legend");
  function legendRow(mark, en, zh, cls) {
    var row = el("div", null, "legend-row" + (cls ? " " + cls : ""));
    row.append(mark, bilingual(el("span"), en, zh));
    legend.appendChild(row);
    return row;
  }
  data.legend.nodes.forEach(function (item) {
    var mark = el("span", null, "swatch " + item.shape);
    mark.style.background = item.color;
    legendRow(mark, item.en, item.zh, "by-type");
  });
  var communityRows = data.communities.map(function (c) {
    var mark = el("span", null, "swatch dot");
    mark.style.background = c.color;
    var row = legendRow(mark, "community " + (c.index + 1) + " (" + c.size + "): " + c.en, "社群 " + (c.index + 1) + "（" + c.size + "）：" + c.zh, "by-community");
    row.hidden = true;
    return row;
  });
  data.legend.edges.forEach(function (item) {
    var dash = item.dashes.length ? (item.dashes[0] <= 3 ? " dotted" : " dashed") : "";
    var mark = el("span", null, "line" + dash + (item.arrow ? " arrow" : ""));
    mark.style.borderTopColor = item.color;
    mark.style.color = item.color;
    var box = el("input");
    box.type = "checkbox";
    box.checked = !item.hidden;
    box.dataset.relation = item.key;
    box.title = "show / hide";
    box.addEventListener("change", function () { state.setRelationVisible(item.key, box.checked); });
    var wrap = el("label", null, "legend-toggle");
    wrap.append(box, mark);
    legendRow(wrap, item.en + (item.hidden ? " (off at first)" : ""), item.zh + (item.hidden ? "（默认隐藏）" : ""));
  });
  var communityNote = bilingual(el("p", null, "hint by-community"), "Colour by community: Louvain communities of this view's graph (seeded); each named by its best-connected members.",
    "按社群着色：本视图图结构的 Louvain 社群划分（固定随机种子），以连接最多的成员命名。");
  communityNote.hidden = true;
  legend.insertBefore(communityNote, legend.firstChild);

  /* Frames around groups laid out apart (e.g. nodes without any line), with their caption. */
  network.on("beforeDrawing", function (ctx) {
    data.groups.forEach(function (g) {
      ctx.save();
      ctx.setLineDash([6, 4]);
      ctx.strokeStyle = "#9a9a9a";
      ctx.lineWidth = 1;
      ctx.strokeRect(g.x, g.y, g.w, g.h);
      ctx.setLineDash([]);
      ctx.fillStyle = "#555";
      ctx.font = "13px " + data.options.nodes.font.face;
      ctx.fillText(state.lang() === "en" ? g.en : g.zh, g.x + 8, g.y + 20, g.w - 16);
      ctx.restore();
    });
  });

  /* Ranking table by the chosen metric (states, mechanisms and concepts when the view has them). */
  var ranking = document.getElementById("ranking");
  function renderRanking() {
    var focus = data.nodes.filter(function (n) { return n.kind === "state" || n.kind === "mechanism" || n.kind === "concept"; });
    var pool = (focus.length ? focus : data.nodes).slice();
    pool.sort(function (a, b) { return b.metrics[sizeMetric] - a.metrics[sizeMetric] || (a.id < b.id ? -1 : 1); });
    var head = el("tr");
    var en = state.lang() === "en";
    head.append(el("th", en ? "name" : "名称"));
    [0, 1, 2, 3].forEach(function (i) { head.append(el("th", en ? state.METRIC_NAMES[i][0] : state.METRIC_NAMES[i][1], "num")); });
    var rows = [head];
    pool.slice(0, 15).forEach(function (n) {
      var tr = el("tr");
      tr.dataset.id = n.id;
      tr.append(el("td", state.label(n)));
      n.metrics.forEach(function (v, i) { tr.append(el("td", i === 3 ? String(v + 1) : String(v), "num")); });
      tr.addEventListener("click", function () { state.focusNode(n.id); });
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
    legend.querySelectorAll(".by-type").forEach(function (row) { row.hidden = colorBy !== "type"; });
    communityRows.forEach(function (row) { row.hidden = colorBy !== "community"; });
    communityNote.hidden = colorBy !== "community";
  }
  document.getElementById("size-by").addEventListener("change", function (e) { sizeMetric = Number(e.target.value); applySize(); renderRanking(); });
  document.getElementById("color-by").addEventListener("change", function (e) { colorBy = e.target.value; applyColor(); });
  document.getElementById("color-by").value = colorBy;
  state.renderRanking = renderRanking;
  applyColor();
  renderRanking();
})();
