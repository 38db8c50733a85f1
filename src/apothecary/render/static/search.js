/* Site search: a labelled form on every page, answered in the browser by Pagefind.
   Without JavaScript the form still submits to search/ (which says search needs JS). */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var out = document.getElementById("site-search-results");
  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var pagefind = null;
  var timer = null;
  var seq = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return Promise.resolve(pf.options({ baseUrl: root.pathname, excerptLength: 14 }))
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return pagefind;
  }

  /* The words Pagefind matched (its excerpt marks them): shown instead of the excerpt,
     which is often the page's hidden list of other names. Parsed inertly, shown as text. */
  function matched(html, title) {
    var t = document.createElement("template");
    t.innerHTML = html || "";
    var seen = {}, words = [];
    Array.prototype.forEach.call(t.content.querySelectorAll("mark"), function (m) {
      var w = (m.textContent || "").replace(/[.,;:]+$/, "");
      var k = w.toLowerCase();
      if (w && !seen[k] && title.toLowerCase().indexOf(k) < 0) { seen[k] = 1; words.push(w); }
    });
    return words.slice(0, 3).join(", ");
  }

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }

  function show(query, results) {
    out.textContent = "";
    var status = el("p", "search-status",
      results.length === 0 ? "No medicine found for \u201c" + query + "\u201d."
        : results.length + (results.length === 1 ? " medicine" : " medicines") +
          " found for \u201c" + query + "\u201d.");
    out.appendChild(status);
    if (!results.length) return;
    var list = el("ul", "search-list");
    results.forEach(function (r) {
      var li = el("li");
      var title = (r.meta && r.meta.title) || r.url;
      var a = el("a", null, title);
      a.href = r.url;
      li.appendChild(a);
      var words = matched(r.excerpt, title);
      if (words) li.appendChild(el("p", "search-excerpt", "Matches: " + words));
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  function run() {
    var query = input.value.trim();
    var mine = ++seq;
    if (!query) { out.textContent = ""; return Promise.resolve(); }
    return load().then(function (pf) { return pf.search(query); }).then(function (res) {
      if (mine !== seq) return null;
      return Promise.all(res.results.slice(0, 10).map(function (r) { return r.data(); }));
    }).then(function (data) {
      if (data && mine === seq) show(query, data);
    }).catch(function () {
      out.textContent = "";
      out.appendChild(el("p", "search-status", "Search is not available on this copy of the site."));
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; out.textContent = ""; }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
})();
