"""A printable certificate (PDF, A4 landscape) with the address that verifies it."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from fpdf import FPDF

from trainer.models import Certificate

_REPLACE = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."}


def _latin(text: str) -> str:
    """Fit text to the PDF core fonts (Latin-1): dashes and quotes kept, accents kept."""
    out = []
    for char in text:
        char = _REPLACE.get(char, char)
        try:
            char.encode("latin-1")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore")
            char = decomposed.decode("latin-1") or "?"
        out.append(char)
    return "".join(out)


def render(certificate: Certificate, verify_url: str, status: str, now: datetime) -> bytes:
    """Return the certificate as PDF bytes; a revoked or expired one says so across it."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(_latin(f"{certificate.track_title} - {certificate.holder_name}"))
    pdf.set_author("Reconnect")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(30, 64, 110)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, 269, 182)

    def line(text: str, size: float, style: str = "", gap: float = 4) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.cell(0, size * 0.5, _latin(text), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(32)
    pdf.set_text_color(30, 64, 110)
    line("Reconnect", 14, "B", 8)
    pdf.set_text_color(20, 20, 20)
    line("Certificate of achievement", 26, "B", 10)
    line("This certifies that", 13, "", 4)
    line(certificate.holder_name, 30, "B", 8)
    line("has passed the exam for", 13, "", 4)
    line(certificate.track_title, 20, "B", 10)
    line(f"at {certificate.dealership.name}", 12, "", 10)
    line(
        f"Issued {certificate.issued_at:%d %B %Y}   -   Valid until {certificate.expires_at:%d %B %Y}",
        12,
    )
    pdf.set_y(168)
    line(f"Certificate {certificate.public_id}", 10, "", 2)
    line(f"Check it at {verify_url}", 10, "", 2)
    pdf.set_text_color(90, 90, 90)
    line(f"Status when this copy was made ({now:%d %b %Y}): {status}", 9)
    if status != "valid":
        pdf.set_text_color(180, 30, 30)
        pdf.set_font("Helvetica", "B", 60)
        with pdf.rotation(20, x=148, y=105):
            pdf.text(70, 115, status.upper())
    return bytes(pdf.output())
