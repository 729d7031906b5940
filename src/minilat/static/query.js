/* The minilat query page: the library as a filterable list of examples, an input per query
 * parameter (params.js), the YASQE editor (bundled, offline) and a results table whose IRIs
 * carry their labels in the page's language (terms.js) and link to this server's pages. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("minilat-config").textContent);
  var terms = window.MinilatTerms(config), params = window.MinilatParams(config, terms), el = terms.el;
  var byName = {};
  config.queries.forEach(function (q) { byName[q.name] = q; });
  var PAGE = 500;  // rows drawn at a time
  var state = { name: null, bindings: {}, result: null, shown: 0, elapsed: 0, running: null };
  var fields = [];
  function $(id) { return document.getElementById(id); }

  /* Editor: YASQE when the bundle loaded, a plain textarea otherwise. */
  var starter = ["mlo", "rdfs"].map(function (p) { return "PREFIX " + p + ": <" + config.prefixes[p] + ">"; }).join("\n") +
    "\n\nSELECT ?mechanism ?label WHERE {\n  ?mechanism a mlo:MinilateralMechanism ; rdfs:label ?label .\n  FILTER(lang(?label) = \"en\")\n}\nORDER BY ?label\n";
  var editor = null, area = null;
  if (window.Yasgui && window.Yasgui.Yasqe) {
    editor = new window.Yasgui.Yasqe($("editor"), {
      value: starter, persistenceId: null, showQueryButton: false, resizeable: true, editorHeight: "300px",
      autocompleters: ["variables", "prefixes"], prefixCcApi: null, requestConfig: { endpoint: config.endpoint },
      createShareableLink: null, consumeShareLink: null,
      extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
    });
  } else {
    area = el("textarea", { "class": "plain-editor", rows: "16", "aria-label": "SPARQL query" });
    area.value = starter;
    $("editor").appendChild(area);
  }
  function getText() { return editor ? editor.getValue() : area.value; }
  function setText(text) { if (editor) { editor.setValue(text); } else { area.value = text; } }
  function status(text, error) { $("status").textContent = text; $("status").classList.toggle("error", !!error); }

  /* Parameters: a chosen value rewrites its VALUES line, which is highlighted; the query reruns. */
  function setBinding(name, iri) {
    state.bindings[name] = iri || null;
    try { setText(params.bindText(getText(), name, iri)); } catch (err) { status(err.message, true); }
    markBound();
    updateLinks();
  }
  function markBound() {
    if (!editor) { return; }
    var first = -1;
    for (var i = 0; i < editor.lineCount(); i++) {
      var bound = params.isBoundLine(editor.getLine(i));
      editor[bound ? "addLineClass" : "removeLineClass"](i, "background", "param-line");
      if (bound && first < 0) { first = i; }
    }
    if (first >= 0) { editor.scrollIntoView({ line: first, ch: 0 }, 60); }
  }

  /* The library list: filter as you type (every word, en or zh, title, description, variables). */
  var items = Array.prototype.slice.call(document.querySelectorAll("#examples li.example"));
  function filterExamples() {
    var words = $("example-filter").value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-search"), hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !hit; shown += hit ? 1 : 0;
    });
    $("example-shown").textContent = String(shown);
    $("no-examples").hidden = shown > 0;
  }
  $("example-filter").addEventListener("input", filterExamples);
  $("example-filter").addEventListener("keydown", function (e) {
    var first = items.filter(function (li) { return !li.hidden; })[0];
    if (e.key === "Enter" && first) { e.preventDefault(); openQuery(first.getAttribute("data-name"), { run: true, scroll: true }); }
  });
  items.forEach(function (li) {
    li.querySelector("a.library-query").addEventListener("click", function (e) {
      e.preventDefault();
      openQuery(li.getAttribute("data-name"), { run: true, scroll: true });
    });
  });

  function openQuery(name, options) {
    var q = byName[name];
    if (!q) { return; }
    state.name = name; state.bindings = {};
    setText(q.text);
    window.history.replaceState(null, "", "/query/" + name);
    document.title = q.title + " · " + q.title_zh + " · minilat";
    items.forEach(function (li) { li.classList.toggle("active", li.getAttribute("data-name") === name); });
    var head = $("query-title");
    head.textContent = "";
    head.appendChild(el("span", { "class": "title-en", text: q.title }));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", { "class": "title-zh", lang: "zh", text: q.title_zh }));
    var about = $("query-about");
    about.textContent = "";
    about.appendChild(el("p", { "class": "description", lang: "en", text: q.description }));
    about.appendChild(el("p", { "class": "description", lang: "zh", text: q.description_zh }));
    var form = $("params");
    form.textContent = "";
    form.hidden = !q.params.length;
    fields = q.params.map(function (p) {
      return params.field(p, function (n, iri) { setBinding(n, iri); run(); }, function (n) { return state.bindings[n]; });
    });
    if (fields.length) {
      form.appendChild(el("p", { "class": "params-head", text: "Parameters · 参数 — pick a value to narrow the query; leave empty for all. 选择一个值以缩小查询范围，留空则查询全部。" }));
      fields.forEach(function (f) { form.appendChild(f); });
    }
    (options.bind || []).forEach(function (pair) { setBinding(pair[0], pair[1]); });
    var known = Object.keys(state.bindings).map(function (k) { return state.bindings[k]; }).filter(Boolean);
    q.params.forEach(function (p) { known = known.concat(p.choices, p.example ? [p.example] : []); });
    terms.fetchLabels(known).then(function () { fields.forEach(function (f) { f.redraw(); }); });
    updateLinks();
    if (options.scroll && $("workbench").getBoundingClientRect().top < 0) { $("workbench").scrollIntoView({ behavior: "smooth", block: "start" }); }
    if (options.run) { run(); }
  }

  /* "Results as a page" (/sparql in the browser) and a link that reopens this query. */
  function updateLinks() {
    var text = getText(), q = state.name && byName[state.name];
    $("as-page").href = "/sparql?" + new URLSearchParams({ query: text });
    var bound = Object.keys(state.bindings).filter(function (k) { return state.bindings[k]; });
    if (q && params.stripBindings(text) === q.text) {
      $("share").href = "/query/" + q.name + (bound.length ? "?" + new URLSearchParams(bound.map(function (k) { return [k, state.bindings[k]]; })) : "");
    } else {
      $("share").href = "/query?" + new URLSearchParams({ query: text });
    }
  }
  if (editor) { editor.on("change", updateLinks); } else { area.addEventListener("input", updateLinks); }

  /* Running: SPARQL JSON for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE; then the labels. */
  function read(resp) {
    return resp.text().then(function (body) {
      if (!resp.ok) { throw new Error(body.trim() || resp.status + " " + resp.statusText); }
      var type = (resp.headers.get("content-type") || "").split(";")[0], cut = resp.headers.get("X-SPARQL-MaxRows");
      if (type === "application/n-triples") { return { columns: ["subject", "predicate", "object"], rows: terms.parseNT(body), graph: true, cut: cut }; }
      var data = JSON.parse(body);
      if ("boolean" in data) { return { boolean: data.boolean }; }
      var vars = data.head.vars;
      return { columns: vars, rows: data.results.bindings.map(function (b) { return vars.map(function (v) { return b[v] || null; }); }), cut: cut };
    });
  }
  function irisOf(result, from, to) {
    var out = [];
    (result.rows || []).slice(from, to).forEach(function (row) { row.forEach(function (t) { if (t && t.type === "uri") { out.push(t.value); } }); });
    return out;
  }
  function run() {
    var started = performance.now(), mine = {};
    state.running = mine;
    status("Running… 运行中…");
    $("run").disabled = true;
    terms.post(getText(), "application/sparql-results+json, application/n-triples;q=0.9").then(read).then(function (result) {
      state.elapsed = Math.round(performance.now() - started);
      return terms.fetchLabels(irisOf(result, 0, PAGE)).then(function () { return result; });
    }).then(function (result) {
      if (state.running !== mine) { return; }
      state.result = result;
      state.shown = Math.min(PAGE, (result.rows || []).length);
      status("");
      draw();
    }).catch(function (err) {
      if (state.running !== mine) { return; }
      state.result = null;
      status("");
      $("results").textContent = "";
      $("results").appendChild(el("div", { "class": "note error query-error", role: "alert" }, [el("strong", { text: "The query failed · 查询失败" }), el("pre", { text: err.message })]));
    }).then(function () { if (state.running === mine) { $("run").disabled = false; } });
  }
  $("run").addEventListener("click", run);

  function downloads(graph) {
    var formats = graph ? ["turtle", "nt", "jsonld", "rdfxml"] : ["csv", "tsv", "json", "xml"];
    var node = el("span", { "class": "downloads" }, ["Download · 下载: "]);
    formats.forEach(function (f, i) {
      node.appendChild(el("a", { href: "/sparql?" + new URLSearchParams({ query: getText(), format: f }), download: "", text: f }));
      if (i < formats.length - 1) { node.appendChild(document.createTextNode(" · ")); }
    });
    return node;
  }
  function draw() {
    var box = $("results"), result = state.result;
    box.textContent = "";
    if (!result) { return; }
    if ("boolean" in result) {
      box.appendChild(el("p", { "class": "ask-answer", "data-answer": String(result.boolean) }, ["ASK: ", el("strong", { text: String(result.boolean) }), " ", el("span", { lang: "zh", text: result.boolean ? "是" : "否" })]));
      return;
    }
    var n = result.rows.length, noun = result.graph ? (n === 1 ? "triple" : "triples") : (n === 1 ? "result" : "results");
    var summary = el("p", { "class": "summary" }, [el("strong", { text: String(n) }), " " + noun + " in " + state.elapsed + " ms",
      el("span", { lang: "zh", text: " · 共 " + n + " 条" + (result.graph ? "三元组" : "结果") })]);
    if (result.cut) { summary.appendChild(el("span", { "class": "cut", text: " — cut at the server's limit of " + result.cut + " rows" })); }
    box.appendChild(el("div", { "class": "result-bar" }, [summary, downloads(result.graph)]));
    if (!n) { box.appendChild(el("p", { "class": "note empty-result", text: "No rows match. 没有匹配的结果。" })); return; }
    var head = el("tr", {}, [el("th", { "class": "rownum", text: "#" })].concat(result.columns.map(function (c) { return el("th", { text: c }); })));
    var body = el("tbody");
    result.rows.slice(0, state.shown).forEach(function (row, i) {
      body.appendChild(el("tr", {}, [el("td", { "class": "rownum", text: String(i + 1) })].concat(row.map(function (t) { return el("td", {}, [terms.termNode(t)]); }))));
    });
    box.appendChild(el("div", { "class": "table-wrap" }, [el("table", { "class": "results-table" }, [el("thead", {}, [head]), body])]));
    if (state.shown < n) {
      var more = el("button", { type: "button", "class": "more", text: "Show " + Math.min(PAGE, n - state.shown) + " more of " + (n - state.shown) + " · 显示更多" });
      more.addEventListener("click", function () {
        var from = state.shown;
        state.shown = Math.min(n, from + PAGE);
        terms.fetchLabels(irisOf(result, from, state.shown)).then(draw);
      });
      box.appendChild(more);
    }
  }

  document.addEventListener("minilat:lang", function () { draw(); fields.forEach(function (f) { f.redraw(); }); });

  /* Start: /query/NAME[?param=IRI…] opens and runs a library query; /query?query=… fills the editor. */
  var search = new URLSearchParams(window.location.search);
  if (config.open) {
    var bind = [];
    byName[config.open].params.forEach(function (p) { var v = search.get(p.name) && params.typedIri(search.get(p.name)); if (v) { bind.push([p.name, v]); } });
    openQuery(config.open, { run: true, bind: bind });
  } else if (search.get("query")) {
    setText(search.get("query"));
    updateLinks();
  }
  window.minilatQuery = { bindText: params.bindText, run: run, open: openQuery, getText: getText, setText: setText };
})();
