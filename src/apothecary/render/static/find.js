/* Site search (issue 12): a labelled form on every page, answered in the browser.
   First from the build's name index (search/names.json: names, brands, ingredients;
   search/topics.json: conditions, kinds of medicine, everyday words), so an exact name or
   brand comes first, a single-ingredient page before the combinations that contain it, and
   one or two typos are corrected ("Did you mean ...?"), never into a look-alike name. Only
   when the index knows nothing does Pagefind's full-text index answer.
   The box shows the first results as you type; Enter opens the medicine a query names
   exactly, otherwise the results page (search/?q=) with the true count and paging.
   Loaded by search.js when a reader first uses the box (so it is not part of every page's
   weight). Without JavaScript the form still submits to search/, which points to the A-Z
   list. */
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || window.apothecarySearch) return;
  var input = form.querySelector("input[type=search]");
  var out = document.getElementById("site-search-results");
  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var page = document.getElementById("search-page");  // the results page, if this is it
  var PER_PAGE = 20, SHOWN = 8;
  var cache = {}, pagefind = null, timer = null, seq = 0;

  function fold(s) {
    return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^0-9a-z]+/g, " ").trim();
  }
  /* "dolo 650", "paracetamol 500 mg", "amoxicillin 0.5 g" -> the name alone */
  var STRENGTH = /(?:\s+\d+(?:\s\d+)?\s*(?:mg|mcg|g|gm|ml|iu|tab|tablet|tablets|sr|er)?)+$/;

  function json(name) {
    if (!cache[name]) {
      cache[name] = fetch(new URL("search/" + name, root).href).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
    }
    return cache[name];
  }

  /* Optimal string alignment distance (a swap of two letters is one typo); stops early
     once every value in a row passes `max`. Three reused rows: no allocation per name. */
  var R0 = [], R1 = [], R2 = [];
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = R0, prev = R1, cur = R2, i, j, t;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur[0] = i;
      var best = i, ca = a.charCodeAt(i - 1);
      for (j = 1; j <= b.length; j++) {
        var cb = b.charCodeAt(j - 1);
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
        if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb &&
            prev2[j - 2] + 1 < v) {
          v = prev2[j - 2] + 1;
        }
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[b.length];
  }

  function Finder(N) {
    this.N = N;
    N.p.forEach(function (p, i) {  // every page is named by its title
      var k = fold(p[0]);
      if (!N.n[k]) N.n[k] = [];
      if (N.n[k].indexOf(i) < 0) N.n[k].push(i);
    });
    this.keys = Object.keys(N.n).concat(Object.keys(N.g)).sort();
    this.partners = {};
    this.salts = {};
    var self = this;
    N.s.forEach(function (w) { self.salts[w] = 1; });
    N.x.forEach(function (pair) {
      (self.partners[pair[0]] = self.partners[pair[0]] || []).push(pair[1]);
      (self.partners[pair[1]] = self.partners[pair[1]] || []).push(pair[0]);
    });
  }

  /* The pages a name stands for: the pages it names, then (for an ingredient) its own
     page, then the combinations that contain it, fewest ingredients first. */
  Finder.prototype.named = function (key, into) {
    var N = this.N, g = N.g[key];
    (N.n[key] || []).forEach(function (p) { into.push(p); });
    if (g === undefined) return;
    if (N.i[g][0] >= 0) into.push(N.i[g][0]);
    this.combos([g]).forEach(function (p) { into.push(p); });
  };

  Finder.prototype.combos = function (ings) {
    var N = this.N, out = [];
    ings.forEach(function (g) {
      N.c[g].slice().sort(function (a, b) { return N.p[a][2] - N.p[b][2] || a - b; })
        .forEach(function (p) { out.push(p); });
    });
    return out;
  };

  /* Names within one typo (two for names of eight letters or more), closest first; a name
     is never offered when the query is as near its look-alike partner. */
  Finder.prototype.corrections = function (key) {
    if (key.length < 4) return [];
    var max = key.length >= 8 ? 2 : 1, best = max + 1, found = [], self = this;
    this.keys.forEach(function (k) {
      var d = distance(key, k, max);
      if (d === 0 || d > max || d > best) return;
      if (d < best) { best = d; found = []; }
      if (found.indexOf(k) < 0) found.push(k);
    });
    return found.filter(function (k) {
      return !(self.partners[k] || []).some(function (p) {
        return distance(key, p, max) <= max;
      }) && !(self.partners[key] || []).length;
    });
  };

  Finder.prototype.prefixed = function (key) {
    var out = [], keys = this.keys, lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < key) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < keys.length && keys[i].lastIndexOf(key, 0) === 0; i++) {
      if (keys[i] !== key) out.push(keys[i]);
    }
    return out.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
  };

  /* Conditions and kinds of medicine. Each meaning of the query (an everyday word has
     several) scores an ingredient 2 when it is one of its terms, 1 when it is words inside
     a longer term ("fever" in "hay fever"). Medicines with a whole-term match come first
     (single pages, then combinations containing them), then those with words inside; in
     each, the best scores first, then the medicines whose main use it is (fewest uses). */
  Finder.prototype.topics = function (key, T) {
    var N = this.N, means = unique((T.w[key] || []).concat([key])), score = {}, whole = {};
    var keys = Object.keys(T.t);
    means.forEach(function (m) {
      var best = {};
      (T.t[m] || []).forEach(function (g) { best[g] = 2; whole[g] = 1; });
      keys.forEach(function (k) {
        if (k !== m && (" " + k + " ").indexOf(" " + m + " ") >= 0) {
          T.t[k].forEach(function (g) { if (!best[g]) best[g] = 1; });
        }
      });
      Object.keys(best).forEach(function (g) { score[g] = (score[g] || 0) + best[g]; });
    });
    var ings = Object.keys(score).map(Number).sort(function (a, b) {
      return score[b] - score[a] || (N.i[a][1] || 999) - (N.i[b][1] || 999) || a - b;
    });
    var out = [];
    [ings.filter(function (g) { return whole[g]; }),  // a meaning is one of its terms
      ings.filter(function (g) { return !whole[g]; })].forEach(function (tier) {
      tier.forEach(function (g) { if (N.i[g][0] >= 0) out.push(N.i[g][0]); });
      this.combos(tier).forEach(function (p) { out.push(p); });
    }, this);
    return { pages: out, everyday: means.length > 1 };
  };

  function unique(list) {
    var seen = {}, out = [];
    list.forEach(function (p) { if (!seen[p]) { seen[p] = 1; out.push(p); } });
    return out;
  }

  /* -> {pages: [page numbers], exact: the query names a medicine, fix: [names]} */
  Finder.prototype.find = function (query, T) {
    var q = fold(query), bare = q.replace(STRENGTH, "").trim();
    var keys = bare && bare !== q ? [q, bare] : [q], hits = [], i, self = this;
    if (!q) return { pages: [], exact: false, fix: [] };
    var salts = this.salts, words = (bare || q).split(" ").filter(function (w) { return !salts[w]; });
    if (words.length && words.join(" ") !== keys[keys.length - 1]) keys.push(words.join(" "));
    for (i = 0; i < keys.length && !hits.length; i++) this.named(keys[i], hits);
    if (hits.length) return { pages: unique(hits), exact: true, fix: [] };
    var key = keys[keys.length - 1], topics = this.topics(key, T);
    var prefixed = [];
    this.prefixed(key).forEach(function (k) { self.named(k, prefixed); });
    hits = topics.everyday ? topics.pages.concat(prefixed) : prefixed.concat(topics.pages);
    if (hits.length) return { pages: unique(hits), exact: false, fix: [] };
    var fix = this.corrections(key);
    fix.forEach(function (k) { self.named(k, hits); });
    return { pages: unique(hits), exact: false, fix: fix };
  };

  var finder = null;
  function load() {
    return Promise.all([json("names.json"), json("topics.json")]).then(function (d) {
      if (!finder) finder = new Finder(d[0]);
      return { finder: finder, T: d[1] };
    });
  }

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return Promise.resolve(pf.options({ baseUrl: root.pathname, excerptLength: 14 }))
          .then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return pagefind;
  }

  /* -> {total, fix, exact, slice(from, to): Promise of [{title, url}]} */
  function search(query) {
    return load().then(function (s) {
      var r = s.finder.find(query, s.T), P = s.finder.N.p;
      if (r.pages.length) {
        return {
          total: r.pages.length, exact: r.exact,
          fix: r.fix.map(function (k) {
            var n = s.finder.N, p = (n.n[k] || [])[0];
            var g = n.i[n.g[k]];
            return p !== undefined ? P[p][0] : (g[0] >= 0 ? P[g[0]][0] : g[2]);
          }).filter(function (name, i, all) { return all.indexOf(name) === i; }),
          slice: function (a, b) {
            return Promise.resolve(r.pages.slice(a, b).map(function (p) {
              return { title: P[p][0], url: new URL(P[p][1], root).href };
            }));
          }
        };
      }
      return loadPagefind().then(function (pf) { return pf.search(query); }).then(function (res) {
        var all = res.results;
        return {
          total: all.length, exact: false, fix: [], fulltext: true,
          slice: function (a, b) {
            return Promise.all(all.slice(a, b).map(function (x) { return x.data(); }))
              .then(function (data) {
                return data.map(function (d) {
                  return { title: (d.meta && d.meta.title) || d.url, url: d.url };
                });
              });
          }
        };
      }).catch(function () { return { total: 0, exact: false, fix: [], slice: null }; });
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function resultsHref(q, n) {
    var u = new URL("search/", root);
    u.searchParams.set("q", q);
    if (n > 1) u.searchParams.set("page", String(n));
    if (PER_PAGE !== 20) u.searchParams.set("per", String(PER_PAGE));
    return u.href;
  }

  function status(box, query, found) {
    var n = found.total;
    box.appendChild(el("p", "search-status",
      n === 0 ? "No medicine found for \u201c" + query + "\u201d."
        : found.fulltext ? "No medicine is called \u201c" + query + "\u201d; " + n +
          (n === 1 ? " page mentions" : " pages mention") + " it."
        : n + (n === 1 ? " medicine" : " medicines") + " found for \u201c" + query + "\u201d."));
    if (found.fix.length) {
      var p = el("p", "search-fix", "Did you mean ");
      found.fix.slice(0, 3).forEach(function (name, i) {
        if (i) p.appendChild(document.createTextNode(" or "));
        var a = el("a", null, name);
        a.href = resultsHref(name, 1);
        p.appendChild(a);
      });
      p.appendChild(document.createTextNode("?"));
      box.appendChild(p);
    }
  }

  function list(items, start) {
    var ol = el("ol", "search-list");
    if (start > 1) ol.start = start;
    items.forEach(function (r) {
      var li = el("li"), a = el("a", null, r.title);
      a.href = r.url;
      li.appendChild(a);
      ol.appendChild(li);
    });
    return ol;
  }

  function unavailable(box) {
    box.textContent = "";
    box.appendChild(el("p", "search-status", "Search is not available on this copy of the site."));
  }

  function dropdown() {
    var query = input.value.trim(), mine = ++seq;
    if (!query) { out.textContent = ""; return Promise.resolve(); }
    return search(query).then(function (found) {
      if (mine !== seq) return null;
      return (found.slice ? found.slice(0, SHOWN) : Promise.resolve([])).then(function (items) {
        if (mine !== seq) return;
        out.textContent = "";
        status(out, query, found);
        if (items.length) out.appendChild(list(items, 1));
        if (found.total > SHOWN) {
          var more = el("p", "search-more"), a = el("a", null, "See all " + found.total + " results");
          a.href = resultsHref(query, 1);
          more.appendChild(a);
          out.appendChild(more);
        }
      });
    }).catch(function () { if (mine === seq) unavailable(out); });
  }

  /* The results page: every result, PER_PAGE at a time, with links between pages. */
  function results(query, n) {
    var box = page.querySelector(".search-found");
    var title = page.querySelector("h1");
    if (!query) return;
    title.textContent = "Results for \u201c" + query + "\u201d";
    document.title = "Search: " + query + " \u00b7 " + document.title.split(" \u00b7 ").pop();
    box.textContent = "";
    box.appendChild(el("p", "search-status", "Searching\u2026"));
    search(query).then(function (found) {
      var pages = Math.max(1, Math.ceil(found.total / PER_PAGE));
      n = Math.min(Math.max(1, n), pages);
      return (found.slice ? found.slice((n - 1) * PER_PAGE, n * PER_PAGE)
        : Promise.resolve([])).then(function (items) {
        box.textContent = "";
        status(box, query, found);
        if (pages > 1) {
          box.appendChild(el("p", "search-range", "Showing " + ((n - 1) * PER_PAGE + 1) + "\u2013" +
            Math.min(n * PER_PAGE, found.total) + " of " + found.total + "."));
        }
        if (items.length) box.appendChild(list(items, (n - 1) * PER_PAGE + 1));
        if (pages > 1) {
          var nav = el("nav", "pager");
          nav.setAttribute("aria-label", "Result pages");
          if (n > 1) { var p = el("a", "prev", "Previous"); p.href = resultsHref(query, n - 1); p.rel = "prev"; nav.appendChild(p); }
          nav.appendChild(el("span", null, "Page " + n + " of " + pages));
          if (n < pages) { var x = el("a", "next", "Next"); x.href = resultsHref(query, n + 1); x.rel = "next"; nav.appendChild(x); }
          box.appendChild(nav);
        }
      });
    }).catch(function () { unavailable(box); });
  }

  if (!page) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(dropdown, 120);
    });
    input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  }
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; out.textContent = ""; }
  });
  /* Enter: the medicine itself when the query names one exactly, else the results page. */
  function submit() {
    var query = input.value.trim();
    clearTimeout(timer);
    if (!query) return;
    search(query).then(function (found) {
      if (found.exact && found.slice) {
        return found.slice(0, 1).then(function (top) { location.assign(top[0].url); });
      }
      location.assign(resultsHref(query, 1));
      return null;
    }).catch(function () { location.assign(resultsHref(query, 1)); });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  window.apothecarySearch = { search: search, fold: fold };
  if (form.hasAttribute("data-submit")) submit();
  else if (!page && input.value.trim()) dropdown();
  if (page) {
    var params = new URLSearchParams(location.search);
    var q = params.get("q") || "";
    PER_PAGE = Math.min(100, Math.max(1, parseInt(params.get("per") || "20", 10) || 20));
    input.value = q;
    results(q.trim(), parseInt(params.get("page") || "1", 10) || 1);
  }
})();
