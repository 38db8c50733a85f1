/* Interaction checker: runs entirely in the browser from api/interactions.json.
   Lists every interaction the site's sources record among the chosen medicines. */
(function () {
  "use strict";
  var form = document.getElementById("checker");
  if (!form) return;
  var out = document.getElementById("checker-results");
  var filter = document.getElementById("checker-filter");
  var root = new URL(form.getAttribute("data-root") || "./", location.href);
  var data = null;
  var pairs = {};

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = content;
    return e;
  }

  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=medicine]"));
  }

  function chosen() {
    var byKey = {};
    data.medicines.forEach(function (m) { byKey[m.key] = m; });
    return boxes().filter(function (b) { return b.checked && byKey[b.value]; })
      .map(function (b) { return byKey[b.value]; });
  }

  function link(m) {
    var a = el("a", null, m.title);
    a.href = new URL(m.href, root).href;
    return a;
  }

  function render() {
    if (!data) return;
    var meds = chosen();
    out.textContent = "";
    if (!data.interactions.length) {
      out.appendChild(el("p", "checker-status", "This edition of the site includes no " +
        "interaction data (its sources were left out, for example by their licence), so the " +
        "checker cannot tell you anything. Ask a pharmacist or doctor."));
      return;
    }
    if (meds.length < 2) {
      out.appendChild(el("p", "checker-status", "Choose at least two medicines to check."));
      return;
    }
    var rows = [], shared = [];
    for (var i = 0; i < meds.length; i++) {
      for (var j = i + 1; j < meds.length; j++) {
        meds[i].drugs.forEach(function (a) {
          meds[j].drugs.forEach(function (b) {
            if (a === b) { shared.push([meds[i], meds[j], a]); return; }
            var key = a < b ? a + "|" + b : b + "|" + a;
            (pairs[key] || []).forEach(function (x) { rows.push([meds[i], meds[j], x]); });
          });
        });
      }
    }
    var sev = data.severities;
    rows.sort(function (p, q) {
      var a = sev.indexOf(p[2].severity), b = sev.indexOf(q[2].severity);
      return (a < 0 ? 99 : a) - (b < 0 ? 99 : b);
    });
    out.appendChild(el("p", "checker-status", rows.length === 0
      ? "Our sources record no interaction among these " + meds.length + " medicines. " +
        "That does not prove they are safe together: ask a pharmacist or doctor."
      : rows.length + (rows.length === 1 ? " known interaction" : " known interactions") +
        " among these " + meds.length + " medicines."));
    if (rows.length) {
      var table = el("table", "checker-table");
      table.appendChild(el("caption", null, "Known interactions"));
      var head = el("tr");
      ["Medicines", "Ingredients", "Severity", "Source"].forEach(function (h) {
        var th = el("th", null, h); th.scope = "col"; head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      rows.forEach(function (r) {
        var x = r[2], tr = el("tr"), td = el("td");
        td.appendChild(link(r[0])); td.appendChild(document.createTextNode(" and "));
        td.appendChild(link(r[1])); tr.appendChild(td);
        tr.appendChild(el("td", null, data.drugs[x.a] + " with " + data.drugs[x.b]));
        tr.appendChild(el("td", "severity severity-" + x.severity, x.severity));
        var s = data.sources[x.source] || { name: x.source, edition: "", licence: x.licence };
        tr.appendChild(el("td", null, s.name + (s.edition ? " (" + s.edition + ")" : "") +
          ", " + x.locator + ". Licence: " + x.licence));
        body.appendChild(tr);
      });
      table.appendChild(body);
      out.appendChild(table);
    }
    shared.forEach(function (s) {
      out.appendChild(el("p", "checker-shared", "Same ingredient twice: " + s[0].title +
        " and " + s[1].title + " both contain " + data.drugs[s[2]] + ". Taking both can " +
        "mean too much of it: ask a pharmacist before taking them together."));
    });
  }

  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    boxes().forEach(function (b) {
      var item = b.closest("li");
      var label = item ? item.textContent.toLowerCase() : "";
      if (item) item.hidden = q !== "" && label.indexOf(q) < 0 && !b.checked;
    });
  }

  form.addEventListener("change", render);
  form.addEventListener("submit", function (e) { e.preventDefault(); render(); });
  if (filter) filter.addEventListener("input", applyFilter);
  fetch(new URL("api/interactions.json", root).href)
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (d) {
      data = d;
      d.interactions.forEach(function (x) {
        var key = x.a + "|" + x.b;
        (pairs[key] = pairs[key] || []).push(x);
      });
      form.setAttribute("data-ready", "true");
      render();
    })
    .catch(function () {
      out.textContent = "";
      out.appendChild(el("p", "checker-status",
        "The interaction list could not be loaded. Open this site through a web server."));
    });
})();
