/* RDF terms on the query page: labels (rdfs:label / skos:prefLabel, en and zh, fetched with
 * one query per batch of IRIs), prefixed names, links to this server's pages for minted IRIs,
 * and the N-Triples reader for CONSTRUCT/DESCRIBE answers. window.MinilatTerms(config). */
(function () {
  "use strict";
  var IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|^`\\\u0000-\u0020]*$/;
  var RDFS = "http://www.w3.org/2000/01/rdf-schema#", SKOS = "http://www.w3.org/2004/02/skos/core#";
  var NUMERIC = /^http:\/\/www\.w3\.org\/2001\/XMLSchema#(integer|decimal|double|float|boolean|int|long|nonNegativeInteger|positiveInteger|gYear)$/;
  var NT_TERM = /^(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?)\s*/;
  var MAX_LABELLED = 2000;  // IRIs per label query

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }

  function unescapeNT(s) {
    return s.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, function (m, u, U, c) {
      if (u || U) { return String.fromCodePoint(parseInt(u || U, 16)); }
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f" }[c] || c;
    });
  }
  function ntTerm(rest) {
    var m = NT_TERM.exec(rest);
    if (!m) { throw new Error("cannot read the N-Triples answer near: " + rest.slice(0, 80)); }
    var t = m[1] !== undefined ? { type: "uri", value: m[1] } : m[2] !== undefined ? { type: "bnode", value: m[2] } : { type: "literal", value: unescapeNT(m[3]) };
    if (m[4]) { t["xml:lang"] = m[4]; } else if (m[5] && m[5] !== "http://www.w3.org/2001/XMLSchema#string") { t.datatype = m[5]; }
    return [t, rest.slice(m[0].length)];
  }
  /* N-Triples as rows of SPARQL JSON terms [subject, predicate, object]. */
  function parseNT(body) {
    return body.split("\n").filter(function (l) { return l.trim() && l.trim().charAt(0) !== "#"; }).map(function (line) {
      var s = ntTerm(line.trim()), p = ntTerm(s[1]), o = ntTerm(p[1]);
      return [s[0], p[0], o[0]];
    });
  }

  window.MinilatTerms = function (config) {
    var endpoint = new URL(config.endpoint, window.location.href).href;
    var labels = {};  // iri → {en, zh, "": …}
    var prefixes = Object.keys(config.prefixes).map(function (p) { return [p, config.prefixes[p]]; })
      .sort(function (a, b) { return b[1].length - a[1].length; });

    function lang() { return window.minilatLang ? window.minilatLang.current() : "en"; }
    function local(iri) { return iri.indexOf(config.base) === 0 ? "/" + iri.slice(config.base.length) : iri; }
    function short(iri) {
      for (var i = 0; i < prefixes.length; i++) {
        if (iri.indexOf(prefixes[i][1]) === 0 && iri.length > prefixes[i][1].length) { return prefixes[i][0] + ":" + iri.slice(prefixes[i][1].length); }
      }
      return iri;
    }
    function labelOf(iri, language) {
      var found = labels[iri] || {}, want = language || lang();
      return found[want] || found[want === "zh" ? "en" : "zh"] || found[""] || null;
    }
    function learn(iri, given) {  /* labels that arrived with a search hit */
      labels[iri] = labels[iri] || {};
      Object.keys(given || {}).forEach(function (k) { if (!labels[iri][k]) { labels[iri][k] = given[k]; } });
    }
    function post(text, accept) {
      return fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
        body: new URLSearchParams({ query: text }).toString() });
    }
    /* rdfs:label / skos:prefLabel of the IRIs not yet known, in one query (each IRI checked first). */
    function fetchLabels(iris) {
      var todo = iris.filter(function (i, n) { return !(i in labels) && IRI.test(i) && iris.indexOf(i) === n; }).slice(0, MAX_LABELLED);
      if (!todo.length) { return Promise.resolve(); }
      todo.forEach(function (i) { labels[i] = {}; });
      var text = "SELECT ?iri ?label WHERE { VALUES ?iri { " + todo.map(function (i) { return "<" + i + ">"; }).join(" ") +
        " } { ?iri <" + RDFS + "label> ?label } UNION { ?iri <" + SKOS + "prefLabel> ?label } FILTER(isLiteral(?label)) }";
      return post(text, "application/sparql-results+json").then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        (data ? data.results.bindings : []).forEach(function (b) {
          var code = (b.label["xml:lang"] || "").split("-")[0].toLowerCase(), slot = labels[b.iri.value];
          if (!(code in slot)) { slot[code] = b.label.value; }
        });
      }).catch(function () { /* labels are an aid: the table shows IRIs without them */ });
    }
    /* A term as a table cell shows it: label (current language) linked to its page, prefixed name beside. */
    function termNode(t) {
      if (!t) { return el("span", { "class": "unbound" }); }
      if (t.type === "uri") {
        var name = labelOf(t.value), minted = t.value.indexOf(config.base) === 0;
        var href = minted ? local(t.value) : (/^https?:\/\//.test(t.value) ? t.value : null);
        var text = name ? el("span", { "class": "label", text: name }) : el("span", { "class": "bare", text: short(t.value) });
        var link = href ? el("a", { href: href, "class": minted ? null : "external", rel: minted ? null : "noopener noreferrer", target: minted ? null : "_blank" }, [text]) : text;
        return el("span", { "class": "term" }, [link, name ? el("code", { "class": "short", title: t.value, text: short(t.value) }) : null]);
      }
      if (t.type === "bnode") { return el("span", { "class": "bnode", text: "_:" + t.value }); }
      var plain = t.datatype && NUMERIC.test(t.datatype);
      var extra = t["xml:lang"] ? el("span", { "class": "lang", text: "@" + t["xml:lang"] }) : t.datatype && !plain ? el("span", { "class": "datatype", text: short(t.datatype) }) : null;
      return el("span", { "class": plain ? "literal number" : "literal", title: t.datatype ? short(t.datatype) : null }, [el("span", { text: t.value }), extra]);
    }
    return { IRI: IRI, el: el, lang: lang, local: local, short: short, labels: labels, labelOf: labelOf, learn: learn,
      post: post, fetchLabels: fetchLabels, termNode: termNode, parseNT: parseNT };
  };
})();
