"""The certificate as a PDF, with a QR code of its verify address so a printed copy can be
checked with a phone. segno draws the code as SVG (pure Python, no image libraries), and
WeasyPrint, already used for the lägesbild, turns the page into PDF."""

from __future__ import annotations

from markupsafe import Markup


def qr_svg(url: str, label: str) -> Markup:
    """An inline SVG QR code of `url`, named for screen readers by `label`."""
    import segno  # only certificates need it

    svg = segno.make(url, error="m").svg_inline(scale=4, title=label, border=2)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704  segno escapes the title; the rest is path data


def certificate_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML  # heavy: imported when a PDF is asked for

    return HTML(string=html, base_url=base_url).write_pdf()
