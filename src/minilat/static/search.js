/* The search box on every page: suggestions as you type (debounced fetch of /search as JSON),
   arrow keys to choose, Enter to open; without a choice Enter submits to the /search page.
   Every text from the server goes into the DOM through textContent, never as HTML. */
(function () {
  "use strict";
  var DELAY = 120;
  var input = document.getElementById("site-search");
  var list = document.getElementById("site-suggestions");
  if (!input || !list) return;
  var timer = null, pending = null, selected = -1, asked = "";

  function items() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  function close() {
    list.hidden = true;
    list.replaceChildren();
    selected = -1;
    input.setAttribute("aria-expanded", "false");
  }
  function mark(index) {
    var links = items();
    selected = links.length ? (index + links.length) % links.length : -1;
    links.forEach(function (a, i) { a.setAttribute("aria-selected", i === selected ? "true" : "false"); });
  }
  function span(text, cls, lang) {
    var s = document.createElement("span");
    s.textContent = text;
    if (cls) s.className = cls;
    if (lang) s.lang = lang;
    return s;
  }
  function show(hits) {
    list.replaceChildren();
    hits.forEach(function (h) {
      var a = document.createElement("a");
      a.href = h.url;
      a.setAttribute("role", "option");
      a.dataset.iri = h.iri;
      var names = span("", "names");
      var zh = h.label.zh, en = h.label.en;
      if (zh) names.appendChild(span(zh, "zh-name", "zh"));
      if (zh && en) names.appendChild(document.createTextNode(" · "));
      if (en) names.appendChild(span(en, "en-name", "en"));
      if (!zh && !en) names.appendChild(span(h.matched.text));
      if (h.matched.text !== zh && h.matched.text !== en) names.appendChild(span(" (" + h.matched.text + ")", "matched"));
      names.title = (zh || "") + (zh && en ? " · " : "") + (en || "");
      a.appendChild(names);
      a.appendChild(span(h.kind + (h.type ? " · " + h.type.en : ""), "kind"));
      var li = document.createElement("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = hits.length === 0;
    input.setAttribute("aria-expanded", hits.length ? "true" : "false");
    selected = -1;
  }
  function ask(q) {
    if (pending) pending.abort();
    if (!q.trim()) { close(); return; }
    pending = new AbortController();
    asked = q;
    fetch("/search?q=" + encodeURIComponent(q) + "&limit=8", { headers: { Accept: "application/json" }, signal: pending.signal })
      .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
      .then(function (answer) { if (answer.query === asked.slice(0, 200) && input.value === asked) show(answer.hits); })
      .catch(function () { /* aborted by the next keystroke, or offline */ });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () { ask(q); }, DELAY);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!list.hidden) { e.preventDefault(); mark(selected + (e.key === "ArrowDown" ? 1 : -1)); }
    } else if (e.key === "Enter" && selected >= 0) {
      e.preventDefault();
      window.location.href = items()[selected].href;
    } else if (e.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
  /* the server builds its index on the first search: ask for it as soon as the box is focused */
  input.addEventListener("focus", function () {
    if (!input.dataset.warm) { input.dataset.warm = "1"; fetch("/search?q=", { headers: { Accept: "application/json" } }).catch(function () {}); }
  });
  window.minilatSearch = { ask: ask };
})();
