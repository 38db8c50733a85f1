/* Interaction checker (issue 12): loads checker/index.json (names only), then each chosen
   medicine's ingredients from checker/d/<drug>.json. Every sentence it shows comes from
   the index's words (the drug pages' own level wording), never from a source's prose. */
(function () {
  "use strict";
  var form = document.getElementById("checker");
  if (!form) return;
  var input = document.getElementById("checker-q");
  var list = document.getElementById("checker-options");
  var hint = document.getElementById("checker-hint");
  var chips = document.getElementById("checker-chosen");
  var out = document.getElementById("checker-results");
  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var MAX_OPTIONS = 8;
  var idx = null, entries = [], lasa = {};
  var chosen = [];          // medicine numbers, in the order chosen
  var drugData = {};        // drug number → {p: {...}} once loaded
  var loading = {};         // drug number → promise
  var options = [], active = -1, hintText = hint.textContent;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function status(text) {
    out.textContent = "";
    out.appendChild(el("p", "checker-status", text));
  }
  function norm(s) {
    return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^0-9a-z]+/g, " ").trim();
  }
  function fill(t, v) {
    return t.replace(/\{(\w+)\}/g, function (m, k) { return v[k] !== undefined ? v[k] : m; });
  }
  /* a medicine's address: given, or derived from its title (render/checker.default_href) */
  function hrefOf(med) {
    if (med[1]) return med[1];
    var slug = norm(med[0]).replace(/ /g, "-");
    return slug.charAt(0) + "/" + slug + "/";
  }
  function joined(xs) {
    return xs.length < 2 ? xs.join("") : xs.slice(0, -1).join(", ") + " and " + xs[xs.length - 1];
  }
  function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  /* Damerau–Levenshtein (adjacent swaps), stopping early above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) &&
            a.charAt(i - 2) === b.charAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  function allowance(q) { return q.length >= 9 ? 2 : q.length >= 5 ? 1 : 0; }

  /* A typo is never corrected into a look-alike: a near match that has a look-alike
     partner is dropped when the query is as near to that partner (names/data/lasa.tsv). */
  function lookAlike(key, q, max) {
    var first = key.split(" ")[0], partners = (lasa[key] || []).concat(lasa[first] || []);
    for (var i = 0; i < partners.length; i++) {
      if (distance(q, partners[i], max) <= max) return true;
      if (distance(q.split(" ")[0], partners[i], max) <= max) return true;
    }
    return false;
  }

  function search(text) {
    var q = norm(text);
    if (q.length < 2) return { q: q, hits: [] };
    var best = {}, fuzzy = false, max = allowance(q), i, e, tier, d;
    var words = q.split(" ").filter(function (w) { return w && w !== "and" && w !== "with"; });
    function keep(m, rank, via) {
      if (chosen.indexOf(m) >= 0) return;
      if (!best[m] || rank < best[m].rank) best[m] = { m: m, rank: rank, via: via };
    }
    for (i = 0; i < entries.length; i++) {
      e = entries[i];
      tier = e.k === q ? 0 : e.k.indexOf(q) === 0 ? 1 : e.k.indexOf(" " + q) >= 0 ? 2 :
        words.length > 1 && words.every(function (w) { return (" " + e.k).indexOf(" " + w) >= 0; })
          ? 2.5 : -1;
      if (tier >= 0) e.meds.forEach(function (m) { keep(m, tier, e); });
    }
    if (!Object.keys(best).length && max > 0) {
      fuzzy = true;
      for (i = 0; i < entries.length; i++) {
        e = entries[i];
        d = distance(q, e.k, max);
        if (d > max) d = distance(q, e.k.slice(0, q.length), max) + 0.5;  // a name being typed
        if (d <= max && !lookAlike(e.k, q, max)) {
          e.meds.forEach(function (m) { keep(m, 3 + d, e); });
        }
      }
    }
    var hits = Object.keys(best).map(function (k) { return best[k]; });
    hits.sort(function (a, b) {
      var ma = idx.medicines[a.m], mb = idx.medicines[b.m];
      return a.rank - b.rank || ma[2].length - mb[2].length ||
        (ma[0].toLowerCase() < mb[0].toLowerCase() ? -1 : 1);
    });
    return { q: q, hits: hits.slice(0, MAX_OPTIONS), fuzzy: fuzzy };
  }

  function optionText(h) {
    var med = idx.medicines[h.m], via = h.via;
    if (via.kind === "t" || (" " + norm(med[0]) + " ").indexOf(" " + norm(via.name) + " ") >= 0) {
      return med[0];
    }
    return med[0] + " (" + (via.kind === "b" ? "brand " : "also called ") + via.name + ")";
  }

  function close() {
    list.hidden = true; list.textContent = ""; options = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(i) {
    active = i;
    options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function suggest() {
    if (!idx) return;
    var r = search(input.value);
    list.textContent = ""; options = []; active = -1;
    if (!r.q || r.q.length < 2) { close(); hint.textContent = hintText; return; }
    if (!r.hits.length) {
      close();
      hint.textContent = "No medicine on this site matches \u201c" + input.value.trim() +
        "\u201d. Try another name or the brand on the pack.";
      return;
    }
    hint.textContent = r.fuzzy ? "No exact match. Did you mean one of these?" : hintText;
    r.hits.forEach(function (h, i) {
      var li = el("li", "checker-option", (r.fuzzy ? "Did you mean " : "") + optionText(h) +
        (r.fuzzy ? "?" : ""));
      li.id = "checker-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-medicine", String(h.m));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { choose(h.m); });
      list.appendChild(li); options.push(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    if (r.hits.length === 1 || !r.fuzzy) highlight(0);
  }

  function choose(m) {
    if (chosen.indexOf(m) < 0) chosen.push(m);
    input.value = ""; close(); hint.textContent = hintText;
    drawChips(); input.focus(); update();
  }
  function remove(m) {
    chosen = chosen.filter(function (x) { return x !== m; });
    drawChips(); input.focus(); update();
  }
  function drawChips() {
    chips.textContent = "";
    chosen.forEach(function (m) {
      var med = idx.medicines[m], li = el("li", "checker-chip"), a = el("a", null, med[0]);
      a.href = new URL(hrefOf(med), root).href;
      var b = el("button", "checker-remove", "\u00d7");
      b.type = "button";
      b.setAttribute("aria-label", "Remove " + med[0]);
      b.addEventListener("click", function () { remove(m); });
      li.appendChild(a); li.appendChild(b); chips.appendChild(li);
    });
  }

  function load(d) {
    if (drugData[d]) return Promise.resolve(drugData[d]);
    if (!loading[d]) {
      loading[d] = fetch(new URL("checker/d/" + (idx.drugs[d][2] || idx.drugs[d][0] + ".json"),
        root).href)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (x) { drugData[d] = x; return x; })
        .catch(function (err) { delete loading[d]; throw err; });
    }
    return loading[d];
  }

  function update() {
    if (chosen.length === 0) { status("Add the medicines you take, one at a time."); return; }
    var need = [];
    chosen.forEach(function (m) {
      idx.medicines[m][2].forEach(function (d) { if (!drugData[d] && need.indexOf(d) < 0) need.push(d); });
    });
    if (!need.length) { answer(); return; }
    status("Loading what our sources say about " +
      chosen.map(function (m) { return idx.medicines[m][0]; }).join(", ") + "\u2026");
    var asked = chosen.slice();
    Promise.all(need.map(load)).then(function () {
      if (asked.join() === chosen.join()) answer();
    }, function () {
      status("The interaction data could not be loaded. Check your connection and try again.");
    });
  }

  function answer() {
    out.textContent = "";
    if (!idx.pairs) {
      status("This edition of the site includes no interaction data (its sources were left " +
        "out, for example by their licence), so the checker cannot tell you anything. Ask a " +
        "pharmacist or doctor.");
      return;
    }
    var meds = chosen.map(function (m) { return idx.medicines[m]; });
    // an ingredient is called by the title of the chosen medicine that is just it ("Aspirin")
    function nameOf(d) {
      for (var k = 0; k < meds.length; k++) {
        if (meds[k][2].length === 1 && meds[k][2][0] === d) return meds[k][0];
      }
      return idx.drugs[d][1];
    }
    // a combination's own ingredients are combined on purpose: not a pair to warn about
    function together(a, b) {
      return meds.some(function (m) { return m[2].indexOf(a) >= 0 && m[2].indexOf(b) >= 0; });
    }
    var shared = [], seen = {}, cards = [];
    // the same ingredient in two chosen products: one warning per ingredient
    var holders = {};
    chosen.forEach(function (m) {
      idx.medicines[m][2].forEach(function (d) { (holders[d] = holders[d] || []).push(m); });
    });
    Object.keys(holders).forEach(function (d) { if (holders[d].length > 1) shared.push(+d); });
    // each pair of ingredients from two different chosen products, once
    for (var i = 0; i < chosen.length; i++) {
      for (var j = i + 1; j < chosen.length; j++) {
        meds[i][2].forEach(function (a) {
          meds[j][2].forEach(function (b) {
            if (a === b || together(a, b)) return;
            var key = a < b ? a + "|" + b : b + "|" + a;
            var x = (drugData[a] && drugData[a].p[idx.drugs[b][0]]);
            if (!x) return;
            if (!seen[key]) {
              seen[key] = { a: a, b: b, x: x, products: [] };
              cards.push(seen[key]);
            }
            [chosen[i], chosen[j]].forEach(function (m) {
              if (seen[key].products.indexOf(m) < 0) seen[key].products.push(m);
            });
          });
        });
      }
    }
    var order = idx.order;
    cards.sort(function (p, q) { return order.indexOf(p.x[0]) - order.indexOf(q.x[0]); });
    if (chosen.length < 2) {
      out.appendChild(el("p", "checker-status", meds[0][0] + " added. Add another medicine " +
        "to check them together."));
      return;
    }
    var n = cards.length + shared.length;
    out.appendChild(el("p", "checker-status", n === 0
      ? "Our sources record no interaction among these " + chosen.length + " medicines. " +
        "That does not prove they are safe together: ask a pharmacist or doctor."
      : n + (n === 1 ? " warning" : " warnings") + " for these " + chosen.length +
        " medicines, most serious first."));
    shared.forEach(function (d) {
      var c = el("article", "checker-card checker-shared");
      c.appendChild(el("h3", null, "Same ingredient twice: " + nameOf(d)));
      var text = fill(idx.words.shared, { name: idx.drugs[d][1].toLowerCase() });
      c.appendChild(el("p", "checker-level", text));
      if (idx.same[d]) c.appendChild(el("p", null, idx.same[d]));
      c.appendChild(el("p", "checker-products", "In your list: " +
        joined(holders[d].map(function (m) { return idx.medicines[m][0]; })) + "."));
      out.appendChild(c);
    });
    cards.forEach(function (p) {
      var level = p.x[0], words = idx.levels[level] || idx.levels.listed;
      var an = nameOf(p.a), bn = nameOf(p.b);
      var c = el("article", "checker-card checker-pair level-" + level);
      c.appendChild(el("h3", null, an + " and " + bn));
      c.appendChild(el("p", "checker-level", words[0]));
      if (p.x[3] !== undefined && idx.effects[p.x[3]]) {
        c.appendChild(el("p", "checker-effect", idx.effects[p.x[3]]));
      }
      c.appendChild(el("p", null, cap(fill(words[1], { other: an, name: bn }))));
      if (idx.words.scope[p.x[1]]) c.appendChild(el("p", null, idx.words.scope[p.x[1]]));
      var names = p.products.map(function (m) { return idx.medicines[m][0]; });
      if (names.join() !== [an, bn].join() && names.join() !== [bn, an].join()) {
        c.appendChild(el("p", "checker-products", "In your list: " + joined(names) + "."));
      }
      var src = el("p", "checker-source");
      src.appendChild(document.createTextNode("Source: " + p.x[2].map(function (s) {
        var info = idx.sources[s[0]] || { name: s[0], edition: "", licence: "" };
        return info.name + (info.edition ? ", " + info.edition : "") + (s[1] ? ", " + s[1] : "") +
          (info.licence ? ". Licence: " + info.licence : "");
      }).join("; ") + "."));
      c.appendChild(src);
      out.appendChild(c);
    });
  }

  input.addEventListener("input", suggest);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" && options.length) {
      ev.preventDefault(); highlight((active + 1) % options.length);
    } else if (ev.key === "ArrowUp" && options.length) {
      ev.preventDefault(); highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (active >= 0 && options[active]) choose(+options[active].getAttribute("data-medicine"));
    } else if (ev.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(function () { if (document.activeElement !== input) close(); }, 150);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });

  status("Loading the list of medicines\u2026");
  fetch(new URL("checker/index.json", root).href)
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (d) {
      idx = d;
      d.medicines.forEach(function (m, i) { entries.push({ k: norm(m[0]), name: m[0], kind: "t", meds: [i] }); });
      d.names.forEach(function (n) { entries.push({ k: norm(n[0]), name: n[0], kind: n[2], meds: n[1] }); });
      d.lasa.forEach(function (p) {
        (lasa[p[0]] = lasa[p[0]] || []).push(p[1]);
        (lasa[p[1]] = lasa[p[1]] || []).push(p[0]);
      });
      form.setAttribute("data-ready", "true");
      update();
      if (input.value) suggest();
    })
    .catch(function () {
      status("The list of medicines could not be loaded. Open this site through a web server.");
    });
})();
