/* The timeline page: language switch, layer switches and #focus=IRI (a mechanism's or an event's row). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("minilat-data").textContent);
  var state = { data: data, ready: false };
  window.minilat = state;
  var lang = "zh";
  function applyLanguage() {
    document.documentElement.lang = lang === "en" ? "en" : "zh";
    document.querySelectorAll("[data-en]").forEach(function (node) { node.textContent = node.dataset[lang]; });
  }
  document.getElementById("lang").addEventListener("change", function (e) { lang = e.target.value; applyLanguage(); });
  state.setLanguage = function (value) { lang = value; document.getElementById("lang").value = value; applyLanguage(); };
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll(".layer-" + box.dataset.layer).forEach(function (node) { node.classList.toggle("layer-off", !box.checked); });
    });
  });
  function fromHash() {
    var focus = new URLSearchParams(location.hash.slice(1)).get("focus");
    document.querySelectorAll(".focused").forEach(function (node) { node.classList.remove("focused"); });
    if (!focus) return;
    var found = Array.from(document.querySelectorAll("g.row")).filter(function (g) {
      return g.dataset.key === focus || Array.from(g.querySelectorAll("[data-event]")).some(function (m) { return m.dataset.event === focus; });
    });
    found.forEach(function (g) { g.classList.add("focused"); });
    if (found.length) found[0].scrollIntoView({ block: "center" });
    state.focused = found.map(function (g) { return g.dataset.key; });
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
  state.ready = true;
})();
