/* Label language (en / zh) for the query page and the results page.
 * The choice is kept in localStorage ("minilat.lang") and set as <html data-lang>, which the
 * CSS uses to show one label of each pair; buttons with data-set-lang switch it, and a
 * "minilat:lang" event tells scripts (query.js) to redraw. */
(function () {
  "use strict";
  var KEY = "minilat.lang";

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function current() {
    var lang = document.documentElement.getAttribute("data-lang") || stored();
    return lang === "zh" ? "zh" : "en";
  }

  function set(lang) {
    lang = lang === "zh" ? "zh" : "en";
    document.documentElement.setAttribute("data-lang", lang);
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* private mode: not kept */ }
    document.querySelectorAll("[data-set-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-set-lang") === lang));
    });
    document.dispatchEvent(new CustomEvent("minilat:lang", { detail: lang }));
  }

  window.minilatLang = { current: current, set: set };
  document.documentElement.setAttribute("data-lang", current());
  function wire() {
    document.querySelectorAll("[data-set-lang]").forEach(function (b) {
      b.addEventListener("click", function () { set(b.getAttribute("data-set-lang")); });
    });
    set(current());
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wire); } else { wire(); }
})();
