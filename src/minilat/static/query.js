/* The minilat query page: YASGUI against this server's /sparql, fully offline.
 * No autocompleter that calls out (prefix.cc, LOV), no endpoint catalogue but ours, and
 * result links to minted IRIs rewritten to this server's pages. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("minilat-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var byName = {};
  config.queries.forEach(function (q) { byName[q.name] = q; });

  function localize(href) {
    return href && href.indexOf(config.base) === 0 ? "/" + href.slice(config.base.length) : href;
  }

  function prefixBlock(names) {
    return names.map(function (p) { return "PREFIX " + p + ": <" + config.prefixes[p] + ">"; }).join("\n");
  }

  var starter = prefixBlock(["mlo", "id", "rdfs", "skos"]) +
    "\n\nSELECT ?mechanism ?label_zh ?label_en WHERE {\n  ?mechanism a mlo:MinilateralMechanism ;\n" +
    "             rdfs:label ?label_zh, ?label_en .\n  FILTER(lang(?label_zh) = \"zh\" && lang(?label_en) = \"en\")\n}\nORDER BY ?label_en\n";

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: "minilat",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { value: starter, autocompleters: ["variables", "prefixes"], prefixCcApi: null, createShortLink: undefined },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" }
  });

  function open(name, run) {
    var q = byName[name];
    if (!q) { return; }
    var tab = yasgui.getTab();
    tab.getRequestConfig && tab.setEndpoint && tab.setEndpoint(endpoint);
    tab.setQuery(q.text);
    if (tab.setName) { tab.setName(q.title); }
    document.querySelectorAll("a.library-query").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-name") === name);
    });
    if (run) { tab.query(); }
  }

  document.querySelectorAll("a.library-query").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      var name = a.getAttribute("data-name");
      window.history.replaceState(null, "", "/query/" + name);
      open(name, true);
    });
  });

  /* Result cells link minted IRIs (https://w3id.org/minilat/…) to this server's pages. */
  function rewrite(root) {
    root.querySelectorAll("a[href^='" + config.base + "']").forEach(function (a) {
      a.setAttribute("href", localize(a.getAttribute("href")));
      a.removeAttribute("target");
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.querySelectorAll) { rewrite(n); } }); });
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  if (config.open) { open(config.open, true); }
  window.minilatYasgui = yasgui;
})();
