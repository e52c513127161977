"""What a reader sees, and what axe-core finds: every page at desktop and phone widths, in light mode.

Each check looks at the rendered page, not at the markup: text cut with an ellipsis, charts
wider than the text column, sideways scrolling of the page on a phone or of a chart inside its
box, labels drawn on top of each other, text drawn outside the visible part of its chart, chart
text smaller than 11 px as drawn on screen (font size times the scale the SVG is drawn at), menus,
radio buttons and buttons whose touch target is under 24 x 24 px, tables that show pandas
internals, white charts in dark mode and Vega console warnings. Charts are measured as static
SVG, as the live view, and as the live view after clicking marks. The same visit runs axe-core
(violations of any impact) on the page as it loads. A failure names the page, the viewport, the
mode and the element (a chart by its figure number). Dark mode: ``test_layout_dark.py``.
"""

from __future__ import annotations

import pytest

from .page_checks import PAGES, check_page, viewports

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", viewports("light"))
@pytest.mark.parametrize("page", PAGES)
def test_reader_sees_no_cut_overlapping_or_overflowing_content_and_axe_finds_nothing(browser, server, page, viewport):
    check_page(browser, server, page, viewport, "light")
