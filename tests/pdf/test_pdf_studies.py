"""The PDF edition prints the studies' records as an appendix after the catalogue."""

from __future__ import annotations

from bs4 import BeautifulSoup

from companion.records import study_records

from .conftest import BOOK_PDF, HTML, PDF_DIR, flat, page_texts

APPENDIX = PDF_DIR / "chapters" / "index.pdf"


def _headings() -> list[str]:
    return [
        f"Study {r.study_id}: {r.label}" if r.identified else f"Study {r.study_id}: not in the appendix"
        for r in study_records()
    ]


def test_the_book_and_the_appendix_pdf_hold_every_record_after_the_catalogue():
    for pdf in (BOOK_PDF, APPENDIX):
        text = flat(" ".join(page_texts(pdf)))
        positions = [text.find(flat(h)) for h in _headings()]
        assert -1 not in positions, (
            f"{pdf.name}: records missing: {[h for h, p in zip(_headings(), positions, strict=True) if p < 0]}"
        )
        assert text.find(flat(_headings()[0])) > text.find("The 31 studies of Leithwood"), (
            "records before the catalogue"
        )


def test_every_record_links_the_studies_appendix_pdf():
    for record in study_records():
        page = HTML / "studies" / f"study-{record.study_id:02d}.html"
        link = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("a.companion-pdf-page")
        target = (page.parent / link["href"]).resolve()
        assert (
            target == (HTML / "pdf" / "chapters" / "index.pdf").resolve()
            and target.read_bytes() == APPENDIX.read_bytes()
        )


def test_a_map_link_with_a_query_prints_as_a_link_to_the_map():
    text = flat(" ".join(page_texts(APPENDIX)))
    assert "3. Use of evidence for planning, organizational learning and accountability" in text
