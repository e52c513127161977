"""``test_layout.py``'s checks (layout and axe-core, one visit) on every page in dark mode."""

from __future__ import annotations

import pytest

from .page_checks import PAGES, check_page, viewports

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", viewports("dark"))
@pytest.mark.parametrize("page", PAGES)
def test_reader_sees_no_cut_overlapping_or_overflowing_content_and_axe_finds_nothing(browser, server, page, viewport):
    check_page(browser, server, page, viewport, "dark")
