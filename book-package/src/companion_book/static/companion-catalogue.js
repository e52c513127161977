/* The catalogue of studies: filter by design, setting and characteristic, sort by any column.
 *
 * The table is complete without JavaScript (and in the PDF). Here the menus hide the rows that
 * do not match, each column heading becomes a button that sorts by it (aria-sort says how), and
 * the studies left are handed to companion-export.js: data-ids on the catalogue, then a
 * "companion:selection" event.
 */
(function () {
  "use strict";

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    if (kind === "number") { return Number(row.dataset.study); }
    if (kind === "count") { return Number(cell.dataset.count); }
    return cell.textContent.trim().toLowerCase();
  }

  function setUp(catalogue) {
    var table = catalogue.querySelector("table");
    var body = table.tBodies[0];
    var menus = catalogue.querySelectorAll("select");
    var counter = catalogue.querySelector(".companion-catalogue-count");
    var total = body.rows.length;

    function filter() {
      var want = {};
      menus.forEach(function (m) { want[m.name] = m.value; });
      var shown = [];
      Array.prototype.forEach.call(body.rows, function (row) {
        var chars = (row.dataset.characteristics || "").split(" ");
        var keep = (want.design === "all" || row.dataset.design === want.design) &&
          (want.setting === "all" || row.dataset.setting === want.setting) &&
          (want.characteristic === "all" || chars.indexOf(want.characteristic) !== -1);
        row.hidden = !keep;
        if (keep) { shown.push(row.dataset.study); }
      });
      counter.textContent = shown.length + " of " + total + " studies shown.";
      catalogue.dataset.ids = shown.join(" ");
      catalogue.dataset.what = "design: " + want.design + ", setting: " + want.setting + ", characteristic: " +
        want.characteristic;
      catalogue.dispatchEvent(new CustomEvent("companion:selection"));
    }

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "companion-sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var kind = th.dataset.sort;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
          var order = x < y ? -1 : x > y ? 1 : Number(a.dataset.study) - Number(b.dataset.study);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    headers[0].setAttribute("aria-sort", "ascending");
    menus.forEach(function (m) { m.addEventListener("change", filter); });
    filter();
  }

  function start() { document.querySelectorAll(".companion-catalogue").forEach(setUp); }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
