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
 * A chart with data-wide-from has two layouts: the wide one where its box is at least that wide,
 * else the narrow one (CSS container queries choose the static one, companion_book.static_charts.layout_css).
 * The live view follows: when the box crosses the threshold (rotation, resizing), it is redrawn
 * in the other layout, keeping the values of the controls and the marks the reader selected.
 *
 * On a touch screen a tooltip opens when a mark is tapped and closes when it is tapped again (or
 * another place is tapped); hovering with a mouse works as before.
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

  // "wide" or "narrow": the layout that fits the chart's box (the rule of the CSS container queries)
  function layoutOf(chart) {
    var from = parseFloat(chart.dataset.wideFrom);
    return from && chart.getBoundingClientRect().width < from ? "narrow" : "wide";
  }

  function readSpec(selector, chart) {
    var node = document.querySelector("script." + selector + '[data-for="' + chart.id + '"]');
    return node ? JSON.parse(node.textContent) : null;
  }

  // The spec of a layout in a mode; the narrow spec takes the datasets it shares from the wide one.
  function specFor(chart, m, layout) {
    var spec = readSpec("companion-spec", chart);
    if (!spec) { return null; }
    if (layout === "narrow") {
      var narrow = readSpec("companion-spec-narrow", chart);
      if (narrow) {
        narrow.datasets = Object.assign({}, spec.datasets || {}, narrow.datasets || {});
        spec = narrow;
      }
    }
    spec.config = merge(spec.config || {}, modes[m] || {});
    return spec;
  }

  function boundParams(spec) {
    return (spec.params || []).filter(function (p) { return p.bind && p.bind.input; });
  }

  // The names of the selection parameters anywhere in the spec (their marks are kept in NAME_store).
  function selectionNames(spec, found) {
    found = found || [];
    if (Array.isArray(spec)) {
      spec.forEach(function (s) { selectionNames(s, found); });
    } else if (spec && typeof spec === "object") {
      (spec.params || []).forEach(function (p) { if (p.select && found.indexOf(p.name) < 0) { found.push(p.name); } });
      Object.keys(spec).forEach(function (k) {
        if (k !== "params" && k !== "datasets" && k !== "data" && k !== "usermeta") { selectionNames(spec[k], found); }
      });
    }
    return found;
  }

  // What the reader selected in a live view, by selection name.
  function selections(spec, view) {
    var out = {};
    selectionNames(spec).forEach(function (name) {
      try { out[name] = view.data(name + "_store"); } catch (e) { /* not in this view */ }
    });
    return out;
  }

  // The values to start from: the live view's (on a colour or layout change) or the static controls'.
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

  // Taps open and close tooltips: Vega's hover tooltips are left to mice and pens.
  function tapTooltips(chart, view) {
    var show = view.tooltip();
    var shownFor = null;
    var lastHandler = null;
    if (!chart.dataset.tapWatch) {
      chart.dataset.tapWatch = "1";
      chart.addEventListener("pointerdown", function (e) { chart.dataset.pointer = e.pointerType; }, true);
    }
    view.tooltip(function (handler, event, item, value) {
      lastHandler = handler;
      if (event && event.pointerType === "touch") { return; }
      shownFor = null;
      return show.call(this, handler, event, item, value);
    });
    view.addEventListener("click", function (event, item) {
      if (chart.dataset.pointer !== "touch") { return; }
      var value = item && item !== shownFor && item.tooltip != null ? item.tooltip : null;
      shownFor = value === null ? null : item;
      show.call(view, lastHandler, event, item, value);
    });
  }

  function draw(chart) {
    var m = mode();
    var layout = layoutOf(chart);
    var state = live.get(chart);
    if (state && state.mode === m && state.layout === layout) { return Promise.resolve(); }
    var spec = specFor(chart, m, layout);
    if (!spec) { return Promise.resolve(); }
    var view = chart.querySelector(".companion-view.companion-" + layout) || chart.querySelector(".companion-view");
    var controls = chart.querySelector(".companion-controls");
    var values = startValues(spec, state, controls);
    var chosen = state && state.view ? selections(spec, state.view) : {};
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
      Object.keys(chosen).forEach(function (n) {
        try { result.view.data(n + "_store", chosen[n]); } catch (e) { /* not in this layout */ }
      });
      tapTooltips(chart, result.view);
      return result.view.runAsync().then(function () {
        // drawn off-page, swapped in one step: no frame without a chart, no change of size
        setAside(view);
        view.replaceChildren(target);
        // the other layout's view is emptied (its static SVG set aside for a change of width): one chart
        // SVG per live chart
        chart.querySelectorAll(".companion-view").forEach(function (other) {
          if (other !== view) { setAside(other); other.replaceChildren(); }
        });
        if (controls) { controls.replaceWith(bindings); } else { chart.appendChild(bindings); }
        if (focusName) {
          var again = bindings.querySelector('[name="' + focusName + '"]');
          if (again) { again.focus(); }
        }
        if (state && state.view) { state.view.finalize(); }
        live.set(chart, {view: result.view, mode: m, layout: layout});
        chart.classList.add("companion-chart-live");
        chart.dataset.layout = layout;
        // other scripts (companion-export.js) read the live view's parameters
        chart.companionView = result.view;
        chart.dispatchEvent(new CustomEvent("companion:live"));
      });
    }).catch(function (error) {
      console.error("companion: the chart could not be drawn", error);
    });
  }

  // The static SVG of each layout's view, kept while that view is not shown or is live.
  var statics = new Map();
  function setAside(view) {
    var node = view.querySelector(":scope > .companion-static");
    if (node) { statics.set(view, node); }
  }
  // Before the live view is redrawn in another layout, that layout shows its static SVG again.
  function restoreStatic(chart, layout) {
    var view = chart.querySelector(".companion-view.companion-" + layout);
    if (view && !view.firstChild && statics.has(view)) { view.appendChild(statics.get(view)); }
  }

  // One drawing at a time per chart: a change of mode or layout during a drawing is drawn after it.
  var queues = new Map();
  function redraw(chart) {
    var next = (queues.get(chart) || Promise.resolve()).then(function () { return draw(chart); });
    queues.set(chart, next);
    return next;
  }

  function activate(chart) {
    if (chart.dataset.activating) { return; }
    chart.dataset.activating = "1";
    Promise.all([loadVega(), loadFonts()]).then(function () { return redraw(chart); }).catch(function (error) {
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
      live.forEach(function (state, chart) { if (state.mode !== mode()) { redraw(chart); } });
    }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});
    if ("ResizeObserver" in window) {
      var resized = new ResizeObserver(function (entries) {
        entries.forEach(function (e) {
          var state = live.get(e.target);
          if (state && state.layout !== layoutOf(e.target)) {
            restoreStatic(e.target, layoutOf(e.target));
            redraw(e.target);
          }
        });
      });
      charts.forEach(function (chart) { if (chart.dataset.wideFrom) { resized.observe(chart); } });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
