/* Query parameters on the query page: an input per "# param:" line with autocompletion of
 * entities of the parameter's kind (the site search, /search), or of the values the query itself
 * lists (VALUES ?relation { … }). A chosen value is bound by one line
 *   VALUES ?name { <iri> }  # parameter
 * opening the outermost WHERE group: only an IRI that passed the check is ever written into
 * the query. window.MinilatParams(config, terms). */
(function () {
  "use strict";
  var VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
  var MARK = "# parameter";
  var ASKED = 50, SHOWN = 12;  // hits asked of /search (the most it gives), and shown once kept to the parameter's kinds
  var KIND_ZH = { mechanism: "机制", state: "国家", claim: "论断", article: "文章", preface: "序言", concept: "概念", event: "事件",
    person: "人物", organization: "机构", region: "地区", theory: "理论", "issue-area": "议题领域", summary: "编译摘要", example: "示例" };

  function masked(text) {  /* strings, IRIs and comments blanked, so WHERE is found only as a keyword */
    return text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>|#[^\n]*/g, function (m) { return new Array(m.length + 1).join(" "); });
  }
  function boundLine(name) { return new RegExp("\\n[ \\t]*VALUES \\?" + name + " \\{ <[^<>\\s]*> \\}[ \\t]*" + MARK + "[ \\t]*(?=\\n)", "g"); }

  window.MinilatParams = function (config, terms) {
    var el = terms.el;

    function bindText(text, name, iri) {
      if (!VAR.test(name)) { throw new Error("not a variable name: " + name); }
      text = text.replace(boundLine(name), "");
      if (!iri) { return text; }
      if (!terms.IRI.test(iri)) { throw new Error("not an IRI: " + iri); }
      var match = /\bWHERE\s*\{|\bASK\s*\{/i.exec(masked(text));
      if (!match) { throw new Error("the query has no WHERE group to bind ?" + name + " in"); }
      var at = match.index + match[0].length;
      return text.slice(0, at) + "\n  VALUES ?" + name + " { <" + iri + "> }  " + MARK + text.slice(at);
    }
    function stripBindings(text) { return text.replace(boundLine("\\w+"), ""); }
    function isBoundLine(line) { return line.indexOf(MARK) > 0 && /^\s*VALUES \?\w+ \{ <[^<>\s]*> \}/.test(line); }

    /* What the user typed, if it is an IRI: absolute, <IRI>, or a prefixed name of the page's prefixes. */
    function typedIri(value) {
      var v = value.trim();
      if (v.charAt(0) === "<" && v.charAt(v.length - 1) === ">") { v = v.slice(1, -1); }
      var colon = v.indexOf(":");
      if (colon > 0 && config.prefixes[v.slice(0, colon)] && !/^\w+:\/\//.test(v)) { v = config.prefixes[v.slice(0, colon)] + v.slice(colon + 1); }
      return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/.test(v) && terms.IRI.test(v) ? v : null;
    }

    function suggestionsFor(param, value) {
      var needle = value.trim().toLowerCase();
      if (param.choices.length) {
        return Promise.resolve(param.choices.filter(function (iri) {
          var names = [iri, terms.short(iri), terms.labelOf(iri, "en") || "", terms.labelOf(iri, "zh") || ""].join(" ").toLowerCase();
          return !needle || names.indexOf(needle) >= 0;
        }).map(function (iri) { return { iri: iri, type: null }; }));
      }
      if (!needle) { return Promise.resolve(param.example ? [{ iri: param.example, type: "example" }] : []); }
      var query = [["q", value.trim()], ["limit", String(ASKED)]];
      return fetch(config.search + "?" + new URLSearchParams(query), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; }).then(function (data) {
          return (data.hits || []).map(function (h) { return { iri: h.iri, labels: h.label, type: h.kind }; })  /* kind: id/{kind}/… */
            .filter(function (h) { return !param.kinds.length || param.kinds.indexOf(h.type) >= 0; }).slice(0, SHOWN);
        });
    }

    function placeholder(param) {
      var ex = param.example ? (terms.labelOf(param.example) || terms.short(param.example)) : null;
      return (param.choices.length ? "Choose… 选择…" : "Type a name… 输入名称…") + (ex ? "  e.g. " + ex : "");
    }

    /* The input for one parameter; onChoose(name, iri or null) binds it, current(name) reads it. */
    function field(param, onChoose, current) {
      var id = "param-" + param.name, list = el("ul", { id: id + "-list", role: "listbox", "class": "param-suggestions", hidden: "" });
      var input = el("input", { id: id, type: "text", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
        "aria-controls": id + "-list", "class": "param-input", "data-param": param.name, spellcheck: "false", placeholder: placeholder(param) });
      var bound = el("p", { "class": "bound", hidden: "" });
      var clear = el("button", { type: "button", "class": "clear", title: "Clear 清除", hidden: "", text: "×" });
      var hits = [], active = -1, ticket = 0, timer = null;

      function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
      function show(items) {
        hits = items; active = -1; list.textContent = "";
        var typed = typedIri(input.value);
        if (typed && !items.some(function (h) { return h.iri === typed; })) { hits = [{ iri: typed, type: "IRI" }].concat(items); }
        hits.forEach(function (h, n) {
          terms.learn(h.iri, h.labels);
          var main = terms.labelOf(h.iri) || terms.short(h.iri), other = terms.labelOf(h.iri, terms.lang() === "zh" ? "en" : "zh");
          var kind = h.type ? (terms.lang() === "zh" && KIND_ZH[h.type] ? KIND_ZH[h.type] : h.type) : "";
          list.appendChild(el("li", { role: "option", id: id + "-opt-" + n, "class": "suggestion", "data-iri": h.iri, "data-kind": h.type || "" }, [
            el("span", { "class": "main", text: main }), other && other !== main ? el("span", { "class": "other", text: other }) : null,
            el("span", { "class": "kind", text: kind }), el("code", { "class": "short", text: terms.short(h.iri) })]));
        });
        if (!hits.length && input.value.trim()) { list.appendChild(el("li", { "class": "empty", text: "No match · 无匹配" })); }
        list.hidden = !list.childNodes.length;
        input.setAttribute("aria-expanded", String(!list.hidden));
      }
      function highlight(n) {
        active = n;
        Array.prototype.forEach.call(list.querySelectorAll(".suggestion"), function (li, i) { li.classList.toggle("active", i === n); li.setAttribute("aria-selected", String(i === n)); });
        input.setAttribute("aria-activedescendant", n >= 0 ? id + "-opt-" + n : "");
      }
      function refresh() {
        var mine = ++ticket;
        suggestionsFor(param, input.value).then(function (items) { if (mine === ticket && document.activeElement === input) { show(items); } })
          .catch(function () { if (mine === ticket) { show([]); } });
      }
      function redraw() {
        var iri = current(param.name);
        input.placeholder = placeholder(param);
        if (iri) { input.value = terms.labelOf(iri) || terms.short(iri); }
        clear.hidden = !iri; bound.hidden = !iri; bound.textContent = "";
        if (iri) { bound.appendChild(el("span", { text: "?" + param.name + " = " })); bound.appendChild(terms.termNode({ type: "uri", value: iri })); }
      }
      function choose(iri) {
        close();
        if (!iri) { input.value = ""; }
        onChoose(param.name, iri || null);
        redraw();
      }
      input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 120); });
      input.addEventListener("focus", refresh);
      input.addEventListener("blur", function () { setTimeout(close, 150); });
      input.addEventListener("keydown", function (e) {
        var count = list.querySelectorAll(".suggestion").length;
        if (e.key === "ArrowDown" && count) { e.preventDefault(); highlight((active + 1) % count); }
        else if (e.key === "ArrowUp" && count) { e.preventDefault(); highlight((active - 1 + count) % count); }
        else if (e.key === "Escape") { close(); }
        else if (e.key === "Enter") {
          e.preventDefault();
          if (active >= 0) { choose(hits[active].iri); } else if (typedIri(input.value)) { choose(typedIri(input.value)); } else if (hits.length === 1) { choose(hits[0].iri); }
        }
      });
      list.addEventListener("mousedown", function (e) {
        var li = e.target.closest(".suggestion");
        if (li) { e.preventDefault(); choose(li.getAttribute("data-iri")); }
      });
      clear.addEventListener("click", function () { choose(null); input.focus(); });
      var label = el("label", { "for": id }, [el("code", { text: "?" + param.name }), " ", el("span", { "class": "param-description", text: param.description }),
        param.default ? el("span", { "class": "default", text: "empty: " + param.default + " · 留空：全部" }) : el("span", { "class": "default required", text: "needed · 必填" })]);
      var node = el("div", { "class": "param-field" }, [label, el("div", { "class": "combo" }, [input, clear, list]), bound]);
      node.redraw = redraw;
      return node;
    }

    return { MARK: MARK, bindText: bindText, stripBindings: stripBindings, isBoundLine: isBoundLine, typedIri: typedIri, field: field };
  };
})();
