/* The search box on every page: loads static/find.js (the search itself, issue 12) the first
   time a reader uses the box, so pages stay light. Without JavaScript the form submits to
   search/, which points to the A-Z list. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input[type=search]"), started = false;
  /* The site's root, from this script's own address (static/search.js), rather than
     written into every page's form (issue 14: bytes); find.js reads it from the form. */
  var me = document.currentScript;
  if (!form.hasAttribute("data-root") && me && me.src) {
    form.setAttribute("data-root", new URL("../", me.src).href);
  }
  /* What only the script uses is added here, not written into every page (issue 14:
     bytes): the live region the results appear in, and the box's link to it. */
  if (!document.getElementById("site-search-results")) {
    var out = document.createElement("div");
    out.id = "site-search-results";
    out.className = "search-results";
    out.setAttribute("aria-live", "polite");
    form.appendChild(out);
  }
  input.setAttribute("aria-controls", "site-search-results");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("spellcheck", "false");
  function load() {
    if (started) return;
    started = true;
    var s = document.createElement("script");
    s.src = new URL("static/find.js", new URL(form.getAttribute("data-root") || "./",
      location.href)).href;
    s.onerror = function () {  // search unavailable: a pressed Enter still goes somewhere
      if (form.hasAttribute("data-submit")) form.submit();
    };
    document.head.appendChild(s);
  }
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  form.addEventListener("submit", function (e) {
    if (window.apothecarySearch) return;  // find.js answers
    e.preventDefault();
    form.setAttribute("data-submit", "1");
    load();
  });
  if (document.getElementById("search-page")) load();
})();
