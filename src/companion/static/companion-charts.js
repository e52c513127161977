/* The book's charts: static SVG first, a live Vega view on top.
 *
 * Each .companion-chart holds a static SVG (light and dark) rendered at build time. When the
 * chart comes near the viewport, or the reader points at or focuses it, this script loads the
 * Vega bundle (once per page) and draws the live view of the same size in its place. When
 * the book's colour mode changes, live views are redrawn in the matching colours.
 * window.companionChartModes (written before this file by the build) holds the two colour
 * configs, taken from companion.theme.
 */
(function () {
  "use strict";
  var modes = window.companionChartModes || {};
  var here = document.currentScript ? document.currentScript.src : "";
  var bundleUrl = here.replace(/companion-charts\.js(\?.*)?$/, "companion-vega.js");
  var loading = null;
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

  function specFor(chart) {
    var node = document.querySelector('script.companion-spec[data-for="' + chart.id + '"]');
    return node ? JSON.parse(node.textContent) : null;
  }

  function draw(chart) {
    var spec = specFor(chart);
    if (!spec) { return Promise.resolve(); }
    var m = mode();
    spec.config = merge(spec.config || {}, modes[m] || {});
    var view = chart.querySelector(".companion-view");
    var controls = chart.querySelector(".companion-controls");
    var target = document.createElement("div");
    target.className = "companion-live";
    var bindings = document.createElement("div");
    bindings.className = "companion-controls vega-bindings";
    var state = live.get(chart);
    var values = {};
    if (state && state.view) {
      (state.names || []).forEach(function (n) { try { values[n] = state.view.signal(n); } catch (e) { /* not a signal */ } });
    }
    return window.vegaEmbed(target, spec, {
      renderer: "svg", actions: false, bind: bindings, tooltip: {theme: m === "dark" ? "dark" : "light"}
    }).then(function (result) {
      var names = Object.keys(values);
      names.forEach(function (n) { try { result.view.signal(n, values[n]); } catch (e) { /* ignore */ } });
      var promise = names.length ? result.view.runAsync() : Promise.resolve();
      return promise.then(function () {
        // swap in one step: no frame without a chart, no change of size
        view.replaceChildren(target);
        if (controls) { controls.replaceWith(bindings); } else { chart.appendChild(bindings); }
        if (state && state.view) { state.view.finalize(); }
        var bound = [];
        (spec.params || []).forEach(function (p) { if (p.bind) { bound.push(p.name); } });
        live.set(chart, {view: result.view, mode: m, names: bound});
        chart.classList.add("companion-chart-live");
      });
    }).catch(function (error) {
      console.error("companion: the chart could not be drawn", error);
    });
  }

  // Vega measures text when it draws: the chart font must be loaded first.
  var fontsReady = null;
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
    charts.forEach(function (chart) {
      if (observer) { observer.observe(chart); } else { activate(chart); }
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
