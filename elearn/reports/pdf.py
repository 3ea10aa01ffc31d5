"""HTML to PDF for the lägesbild."""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str) -> bytes:
    # Imported here: WeasyPrint is heavy and only this one page needs it.
    from weasyprint import HTML

    # PDF/UA: tagged, with the document's language and title, so a screen reader can read it.
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
