/* minilat views: where links point. Served by `minilat serve` (under /views/), an IRI
   https://w3id.org/minilat/{path} is this server's /{path}; opened from disk, the IRI itself.
   A passage is the digest text page with the raw character offsets highlighted. */
(function () {
  "use strict";
  var BASE = "https://w3id.org/minilat/";
  var at = location.pathname.lastIndexOf("/views/");
  var served = /^https?:$/.test(location.protocol) && at >= 0;
  var root = served ? location.pathname.slice(0, at + 1) : BASE;
  var SAFE = /[A-Za-z0-9\-._~\/:@!$&'()*+,;=%]/;

  function encode(text, safe) {
    return Array.from(text).map(function (c) { return safe.test(c) ? c : encodeURIComponent(c); }).join("");
  }
  /* The page of an IRI: local when served, else the IRI; null for what is not a web address. */
  function page(iri) {
    if (typeof iri !== "string") return null;
    if (iri.indexOf(BASE) !== 0) return /^https?:\/\//.test(iri) ? iri : null;
    if (!served) return iri;
    var rest = iri.slice(BASE.length);
    var hash = rest.indexOf("#");
    var path = hash < 0 ? rest : rest.slice(0, hash);
    return root + encode(path, SAFE) + (hash < 0 ? "" : "#" + encode(rest.slice(hash + 1), /[A-Za-z0-9\-._~]/));
  }
  /* A passage [source text IRI, start, end] as the digest page highlighting it. */
  function passage(p) {
    var base = p && page(p[0]);
    return base ? base + "?start=" + Number(p[1]) + "&end=" + Number(p[2]) + "#passage" : null;
  }
  function apply(scope) {
    (scope || document).querySelectorAll("[data-served]").forEach(function (el) { el.hidden = !served; });
    (scope || document).querySelectorAll("a[data-site]").forEach(function (a) { a.setAttribute("href", root + a.dataset.site); });
    (scope || document).querySelectorAll("a[data-iri]").forEach(function (a) {
      var href = page(a.dataset.iri);
      if (href) a.setAttribute("href", href);
    });
    (scope || document).querySelectorAll("a[data-passage]").forEach(function (a) {
      var href = passage(JSON.parse(a.dataset.passage));
      if (href) a.setAttribute("href", href);
    });
  }
  window.minilatLinks = { served: served, root: root, page: page, passage: passage, apply: apply };
  apply(document);
})();
