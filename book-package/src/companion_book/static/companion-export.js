/* Download the studies a reader has selected, as BibTeX, RIS or CSV, with no kernel.
 *
 * window.companionStudies (companion-studies.js, written by the build from companion.records)
 * holds each study's filters and its entries. A panel of three buttons goes under the
 * evidence map and under the catalogue; it exports exactly the studies selected there:
 *
 * - on the evidence map, the studies that match the chart's Design and Setting menus and, when
 *   a characteristic is clicked, are listed for it. They are read from the live view's Vega
 *   parameters (design_filter, setting_filter, pick_char), or from the static menus before
 *   the view is live;
 * - on the catalogue, the rows its menus leave (companion-catalogue.js sets data-ids and
 *   fires "companion:selection").
 *
 * With nothing selected the buttons are disabled and say so, and no file is written. Files are
 * made in the page (a Blob), so this works from file:// as over http.
 *
 * ev_map.html?characteristic=3 opens the map with characteristic 3 picked.
 */
(function () {
  "use strict";
  var data = window.companionStudies;
  if (!data) { return; }
  var FORMATS = [
    {name: "BibTeX", field: "bibtex", ext: "bib", type: "application/x-bibtex"},
    {name: "RIS", field: "ris", ext: "ris", type: "application/x-research-info-systems"},
    {name: "CSV", field: "csv", ext: "csv", type: "text/csv"}
  ];
  var P = data.mapParams;  // [design, setting, pick]

  function fileText(format, ids) {
    var parts = ids.map(function (id) { return data.studies[id][format.field]; });
    if (format.field === "csv") { return data.csvHeader + parts.join(""); }
    return parts.join(format.field === "bibtex" ? "\n" : "");
  }

  function save(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type + ";charset=utf-8"}));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
  }

  var count = 0;
  function makePanel(after, base) {
    count += 1;
    var panel = document.createElement("div");
    panel.className = "companion-export";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-labelledby", "companion-export-" + count);
    var status = document.createElement("p");
    status.id = "companion-export-" + count;
    status.className = "companion-export-status";
    status.setAttribute("aria-live", "polite");
    panel.appendChild(status);
    var ids = [];
    var buttons = FORMATS.map(function (format) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "companion-export-button";
      button.dataset.format = format.ext;
      button.addEventListener("click", function () {
        if (!ids.length) { return; }
        save(base + "." + format.ext, format.type, fileText(format, ids));
      });
      panel.appendChild(button);
      return {button: button, format: format};
    });
    after.insertAdjacentElement("afterend", panel);
    return function update(selected, what) {
      ids = selected.slice();
      var n = ids.length;
      status.textContent = n
        ? "Download the " + (n === 1 ? "study" : n + " studies") + " selected (" + what + "):"
        : "No study is selected (" + what + "), so there is nothing to download.";
      buttons.forEach(function (b) {
        b.button.disabled = !n;
        b.button.textContent = n ? b.format.name : b.format.name + ": no studies selected";
      });
    };
  }

  function sortIds(ids) { return ids.sort(function (a, b) { return Number(a) - Number(b); }); }

  // --- the evidence map ---------------------------------------------------------------------------

  function specOf(chart) {
    var node = document.querySelector('script.companion-spec[data-for="' + chart.id + '"]');
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }

  function isMap(chart) {
    var spec = specOf(chart);
    var names = ((spec && spec.params) || []).map(function (p) { return p.name; });
    return P.every(function (p) { return names.indexOf(p) !== -1; });
  }

  function picked(view) {
    var value = view ? view.signal(P[2]) : null;
    var ids = value && value.characteristic_id;
    return ids && ids.length ? Number(ids[0]) : null;
  }

  function menuValue(chart, name) {
    var view = chart.companionView;
    if (view) { return view.signal(name); }
    var el = chart.querySelector('select[name="' + name + '"]');
    return el ? el.value : "all";
  }

  function mapSelection(chart) {
    var design = menuValue(chart, P[0]), setting = menuValue(chart, P[1]);
    var characteristic = picked(chart.companionView);
    var ids = Object.keys(data.studies).filter(function (id) {
      var s = data.studies[id];
      return (design === "all" || s.design === design) && (setting === "all" || s.setting === setting) &&
        (characteristic === null || s.characteristics.indexOf(characteristic) !== -1);
    });
    var what = "design: " + design + ", setting: " + setting +
      (characteristic === null ? ", every characteristic" : ", characteristic " + characteristic);
    return {ids: sortIds(ids), what: what};
  }

  function pickCharacteristic(view, number) {
    // a point selection's store holds one tuple per picked value; the map's is on characteristic_id
    var store = P[2] + "_store";
    view.data(store, [{unit: "", fields: [{type: "E", field: "characteristic_id"}], values: [number]}]);
    return view.runAsync();
  }

  function wireMap(chart, fromUrl) {
    var figure = chart.closest("figure") || chart;
    var update = makePanel(figure, "evidence-map-studies");
    var refresh = function () { var s = mapSelection(chart); update(s.ids, s.what); };
    refresh();
    chart.addEventListener("change", function () { setTimeout(refresh, 0); });
    chart.addEventListener("companion:live", function () {
      var view = chart.companionView;
      P.forEach(function (p) { view.addSignalListener(p, refresh); });
      var done = fromUrl ? pickCharacteristic(view, fromUrl) : Promise.resolve();
      done.then(refresh);
    });
    if (fromUrl) {
      chart.scrollIntoView({block: "start"});
      chart.dispatchEvent(new CustomEvent("companion:activate"));
    }
  }

  function urlCharacteristic() {
    var match = /[?&]characteristic=(\d+)/.exec(window.location.search);
    return match ? Number(match[1]) : null;
  }

  // --- the catalogue --------------------------------------------------------------------------------

  function wireCatalogue(catalogue) {
    var update = makePanel(catalogue.querySelector(".companion-catalogue-controls"), "leithwood-studies");
    var refresh = function () {
      var ids = (catalogue.dataset.ids || "").split(" ").filter(function (id) { return data.studies[id]; });
      update(sortIds(ids), catalogue.dataset.what || "all studies");
    };
    catalogue.addEventListener("companion:selection", refresh);
    refresh();
  }

  function start() {
    var fromUrl = urlCharacteristic();
    document.querySelectorAll(".companion-chart").forEach(function (chart) {
      if (isMap(chart)) { wireMap(chart, fromUrl); fromUrl = null; }
    });
    document.querySelectorAll(".companion-catalogue").forEach(wireCatalogue);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
