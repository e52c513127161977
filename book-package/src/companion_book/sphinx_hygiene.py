"""Sphinx extension: keep the default Jupyter Book 1 page free of console errors and remote code.

The book has no Thebe launch button, yet sphinx-thebe adds its configuration script to every
page, twice when documents are re-read (``Identifier 'THEBE_JS_URL' has already been
declared``), along with a remote thebe URL. This drops those scripts from every page.

pydata-sphinx-theme reads the colour mode from localStorage and, on a first visit, passes an
empty mode to ``setTheme`` (``Got invalid theme mode: .`` in the console). A tiny inline
script gives it the theme's own default, ``auto``, before the theme's deferred script runs.

A first visit moves less: the theme's Font Awesome webfont (152 KB), which only draws a few
CSS icons beside the trimmed ``fontawesome.js``, is cut to the glyphs the stylesheets and
pages use (:func:`subset_webfonts`), and the search index (``searchindex.js``) and Sphinx's
search scripts are loaded by the search page only (``templates/layout.html``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or str(script)
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return "thebe" in (filename or "").lower() or "THEBE_JS_URL" in body


# Accessibility repairs for markup the theme and extensions emit (axe-core rules in brackets):
# a citation list marked role="list" whose children are not list items [aria-required-children],
# and toggles whose aria-label hides their visible text [label-content-name-mismatch].
BODY_REPAIRS = {
    '<div role="list" class="citation-list">': '<div class="citation-list">',
    '<summary aria-label="Toggle hidden content">': "<summary>",
}
# The theme's own buttons (search, colour mode) come from templates, so they are repaired in the
# browser: their accessible name becomes their visible text plus the former label.
BUTTON_REPAIR_SCRIPT = """document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".search-button__button[aria-label]").forEach(function (b) {
    var text = (b.innerText || "").replace(/\\s+/g, " ").trim();
    if (text && b.getAttribute("aria-label").indexOf(text) === -1) { b.removeAttribute("aria-label"); }
  });
  // The colour-mode icons are decorative: the button's own label names it.
  function quiet(button) {
    button.querySelectorAll("svg, i").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("role");
      icon.removeAttribute("aria-labelledby");
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    });
  }
  // The book's title in the sidebar sits outside every landmark [region].
  document.querySelectorAll(".sidebar-primary-item .navbar-brand").forEach(function (brand) {
    var item = brand.closest(".sidebar-primary-item");
    if (item && !item.closest("nav, [role=navigation], [role=region], header, main")) {
      item.setAttribute("role", "region");
      item.setAttribute("aria-label", "Book title");
    }
  });
  document.querySelectorAll(".theme-switch-button").forEach(function (button) {
    quiet(button);
    new MutationObserver(function () { quiet(button); }).observe(button, {childList: true, subtree: true});
  });
});"""


# sphinxcontrib-bibtex marks each entry role="doc-biblioentry", a role a <div> may not take
# [aria-allowed-role]; the entries stay in their labelled bibliography section.
BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]+") role="doc-biblioentry">')


def repair_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Apply :data:`BODY_REPAIRS` to the page body."""
    body = context.get("body")
    if isinstance(body, str):
        for old, new in BODY_REPAIRS.items():
            body = body.replace(old, new)
        context["body"] = BIBLIOENTRY.sub(r"\1>", body)


def drop_thebe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove sphinx-thebe's scripts and stylesheet from the page context."""
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [c for c in context["css_files"] if "thebe" not in str(getattr(c, "filename", c))]


# Sphinx's search page shows a snippet of each matching page, taken from its main block. In
# this theme that block starts with the download menu, whose links name the page's file
# (``d2_poverty.ipynb``), so the snippet read "....ipynb". Drop the page furniture, and code,
# before the snippet is cut.
SEARCH_SNIPPET_SCRIPT = """document.addEventListener("DOMContentLoaded", function () {
  if (!window.Search || !Search.htmlToText) { return; }
  var original = Search.htmlToText;
  Search.htmlToText = function (html, anchor) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll(".bd-header-article, .header-article, .prev-next-area, .cell_input, " +
      ".companion-chart, .companion-spec, .companion-chart-data, .bd-sidebar-secondary").forEach(function (el) {
      el.remove();
    });
    return original(doc.documentElement.outerHTML, anchor).replace(/\\s+/g, " ");
  };
});"""

DEFAULT_MODE_SCRIPT = "(function (d) { if (!d.dataset.mode) { d.dataset.mode = 'auto'; } })(document.documentElement);"


def add_search_snippet_fix(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Give the search page readable snippets (see :data:`SEARCH_SNIPPET_SCRIPT`)."""
    if pagename == "search":
        app.add_js_file(None, body=SEARCH_SNIPPET_SCRIPT, priority=900)


# The theme's fontawesome.js (about 1.5 MB) defines some 2,000 icons; the book shows about 15.
# Each icon is one entry ``name:[width,height,[aliases],"unicode","path"]`` in the bundle's
# icon tables; the entries the pages do not use are dropped, the library code is kept as it is.
FA_ENTRY = re.compile(
    r'(?<=[{,])("?)([a-z0-9-]+)\1:\[\d+,\d+,\[[^\]]*\],"[0-9a-f]+",(?:"[^"]*"|\["[^"]*","[^"]*"\])\],?'
)
FA_NAME = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
FA_MARK = "/* companion: icon subset */\n"


def used_icons(outdir: Path) -> set[str]:
    """Font Awesome icon names that the built pages and the theme's scripts refer to (``fa-NAME``)."""
    names: set[str] = set()
    files = [*outdir.rglob("*.html"), *(outdir / "_static" / "scripts").glob("*.js")]
    for path in files:
        if path.name != "fontawesome.js":
            names.update(FA_NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def subset_fontawesome(source: str, keep: set[str]) -> str:
    """``source`` (fontawesome.js) with only the icons named in ``keep``."""
    if source.startswith(FA_MARK):
        return source
    out = FA_ENTRY.sub(lambda m: m.group(0) if m.group(2) in keep else "", source)
    return FA_MARK + out.replace(",}", "}")


# A CSS rule, and an icon codepoint in its declarations: escaped (content: "\\f0c1") or written as the
# private-use character itself (--pst-icon-x: "\uf0c1").
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CSS_GLYPH = re.compile(r'"(?:\\([0-9a-f]{4})|([\ue000-\uf8ff]))"')
FA_CLASS_RULE = re.compile(r"^\.fa-([a-z0-9-]+)::?before$")
WEBFONTS = "vendor/fontawesome/webfonts"


def css_glyphs(css: str, keep: set[str]) -> set[int]:
    """Codepoints the stylesheet draws with: every one it names, except in Font Awesome's own
    ``.fa-NAME:before`` rules for icons not in ``keep`` (fontawesome.js draws those as SVG)."""
    found: set[int] = set()
    for selectors, body in CSS_RULE.findall(css):
        glyphs = {int(escaped, 16) if escaped else ord(char) for escaped, char in CSS_GLYPH.findall(body)}
        names = [FA_CLASS_RULE.match(s.strip()) for s in selectors.split(",")]
        if glyphs and all(names) and not {m.group(1) for m in names} & keep:  # pyright: ignore[reportOptionalMemberAccess]
            continue
        found |= glyphs
    return found


def subset_webfonts(outdir: Path, keep: set[str]) -> None:
    """Cut the theme's Font Awesome webfonts (WOFF2) to the glyphs the book's stylesheets draw."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    static = outdir / "_static"
    glyphs: set[int] = set()
    for sheet in static.rglob("*.css"):
        glyphs |= css_glyphs(sheet.read_text(encoding="utf-8", errors="ignore"), keep)
    options = subset.Options()
    options.flavor = "woff2"  # pyright: ignore[reportAttributeAccessIssue]
    options.layout_features = ["*"]
    for path in sorted((static / WEBFONTS).glob("*.woff2")):
        font = TTFont(path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=glyphs & set(font.getBestCmap()))  # pyright: ignore[reportArgumentType]
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(path)


def _subset_icons(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    keep = used_icons(outdir)
    target = outdir / "_static" / "scripts" / "fontawesome.js"
    if target.exists():
        target.write_text(subset_fontawesome(target.read_text(encoding="utf-8"), keep), encoding="utf-8")
        source_map = target.with_name("fontawesome.js.map")
        if source_map.exists():  # describes the full bundle, no longer this file
            source_map.unlink()
    subset_webfonts(outdir, keep)


def _add_templates(app: Sphinx, config: object) -> None:
    """The book's template overrides (templates/layout.html) ahead of the theme's."""
    config.templates_path = [str(Path(__file__).with_name("templates")), *config.templates_path]  # pyright: ignore[reportAttributeAccessIssue]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the page-context hooks, the colour-mode default and the button repair."""
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    app.connect("html-page-context", repair_body, priority=900)
    app.connect("html-page-context", add_search_snippet_fix)
    app.connect("build-finished", _subset_icons)
    app.connect("config-inited", _add_templates)
    app.add_js_file(None, body=DEFAULT_MODE_SCRIPT, priority=100)
    app.add_js_file(None, body=BUTTON_REPAIR_SCRIPT, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
