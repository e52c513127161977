/* The book's charts: static SVG first, a live Vega view on top.
 *
 * Each .companion-chart holds a static SVG rendered at build time (dark mode recolours it with
 * CSS). When the reader scrolls it near the viewport, or points at, touches or focuses it,
 * this script loads the Vega bundle (once per page) and draws the live view of the same size in its
 * place, keeping any choice the reader made on the static controls. When the book's colour
 * mode changes, live views are redrawn in the matching colours, keeping the reader's choices.
 * window.companionChartModes (written before this file by the build) holds the colours of
 * each mode, from companion.theme.
 *
 * A live chart keeps its Vega view as chart.companionView and fires "companion:live"; the event
 * "companion:activate" on a chart makes it live now.
 */
(function () {
  "use strict";
  var modes = window.companionChartModes || {};
  var here = document.currentScript ? document.currentScript.src : "";
  var bundleUrl = here.replace(/companion-charts\.js(\?.*)?$/, "companion-vega.js");
  var loading = null;
  var fontsReady = null;
  var live = new Map();

  function mode() {
    return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
  }

  function merge(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over || {}).forEach(function (k) {
      var v = over[k];
      out[k] = v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object"
        ? merge(out[k], v) : v;
    });
    return out;
  }

  function loadVega() {
    if (window.vegaEmbed) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = bundleUrl;
        s.onload = resolve;
        s.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // Vega measures text when it draws: the chart font must be loaded first.
  function loadFonts() {
    if (!fontsReady) {
      fontsReady = document.fonts && document.fonts.load
        ? Promise.all(["12px", "bold 12px", "italic 12px"].map(function (f) {
            return document.fonts.load(f + ' "Companion Sans"');
          })).catch(function () { return null; })
        : Promise.resolve();
    }
    return fontsReady;
  }

  function specFor(chart, m) {
    var node = document.querySelector('script.companion-spec[data-for="' + chart.id + '"]');
    if (!node) { return null; }
    var spec = JSON.parse(node.textContent);
    spec.config = merge(spec.config || {}, modes[m] || {});
    return spec;
  }

  function boundParams(spec) {
    return (spec.params || []).filter(function (p) { return p.bind && p.bind.input; });
  }

  // The values to start from: the live view's (on a colour change) or the static controls'.
  function startValues(spec, state, controls) {
    var values = {};
    if (state && state.view) {
      boundParams(spec).forEach(function (p) { values[p.name] = state.view.signal(p.name); });
      return values;
    }
    if (!controls) { return values; }
    var chosen = {};
    controls.querySelectorAll("select").forEach(function (el) { chosen[el.name] = el.value; });
    controls.querySelectorAll("input[type=radio]:checked").forEach(function (el) { chosen[el.name] = el.value; });
    boundParams(spec).forEach(function (p) {
      (p.bind.options || []).forEach(function (o) {
        if (chosen[p.name] !== undefined && String(o) === chosen[p.name] && o !== p.value) { values[p.name] = o; }
      });
    });
    return values;
  }

  function draw(chart) {
    var m = mode();
    var spec = specFor(chart, m);
    if (!spec) { return Promise.resolve(); }
    var view = chart.querySelector(".companion-view");
    var controls = chart.querySelector(".companion-controls");
    var state = live.get(chart);
    var values = startValues(spec, state, controls);
    var active = document.activeElement;
    var focusName = controls && active && controls.contains(active) ? active.name : null;
    var target = document.createElement("div");
    target.className = "companion-live";
    var bindings = document.createElement("div");
    bindings.className = "companion-controls vega-bindings";
    return window.vegaEmbed(target, spec, {
      renderer: "svg", actions: false, bind: bindings, tooltip: {theme: m === "dark" ? "dark" : "light"}
    }).then(function (result) {
      Object.keys(values).forEach(function (n) { result.view.signal(n, values[n]); });
      return result.view.runAsync().then(function () {
        // drawn off-page, swapped in one step: no frame without a chart, no change of size
        view.replaceChildren(target);
        if (controls) { controls.replaceWith(bindings); } else { chart.appendChild(bindings); }
        if (focusName) {
          var again = bindings.querySelector('[name="' + focusName + '"]');
          if (again) { again.focus(); }
        }
        if (state && state.view) { state.view.finalize(); }
        live.set(chart, {view: result.view, mode: m});
        chart.classList.add("companion-chart-live");
        // other scripts (companion-export.js) read the live view's parameters
        chart.companionView = result.view;
        chart.dispatchEvent(new CustomEvent("companion:live"));
      });
    }).catch(function (error) {
      console.error("companion: the chart could not be drawn", error);
    });
  }

  function activate(chart) {
    if (chart.dataset.activating) { return; }
    chart.dataset.activating = "1";
    Promise.all([loadVega(), loadFonts()]).then(function () { return draw(chart); }).catch(function (error) {
      console.error("companion: " + error.message);
    });
  }

  function start() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".companion-chart"));
    if (!charts.length) { return; }
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); activate(e.target); }
      });
    }, {rootMargin: "300px 0px"}) : null;
    // A chart already on screen is there as SVG: it goes live when the reader scrolls (and it is
    // near the viewport) or reaches for it, so a visit that only reads loads no Vega at all.
    window.addEventListener("scroll", function () {
      charts.forEach(function (chart) { if (observer) { observer.observe(chart); } else { activate(chart); } });
    }, {once: true, passive: true});
    charts.forEach(function (chart) {
      // another script can ask for the live view (companion-export.js, for ev_map.html?characteristic=N)
      chart.addEventListener("companion:activate", function () { activate(chart); });
      ["pointerenter", "focusin", "touchstart"].forEach(function (type) {
        chart.addEventListener(type, function () { activate(chart); }, {once: true, passive: true});
      });
    });
    new MutationObserver(function () {
      live.forEach(function (state, chart) { if (state.mode !== mode()) { draw(chart); } });
    }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
