// Filter the A–Z list as you type (by title or any other name). No external requests.
(function () {
  var box = document.getElementById("q");
  if (!box) return;
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.az li"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.letter"));
  var none = document.getElementById("none");
  var text = items.map(function (li) {
    return (li.textContent + " " + (li.getAttribute("data-names") || "")).toLowerCase();
  });
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase(), shown = 0;
    items.forEach(function (li, i) {
      var hit = !q || text[i].indexOf(q) !== -1;
      li.hidden = !hit;
      if (hit) shown++;
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector("li:not([hidden])");
    });
    none.hidden = shown !== 0;
  });
})();
