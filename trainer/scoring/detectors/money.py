"""Detectors about figures: a monthly payment quoted without the terms that make it true.

"$389 a month!" with no term and no rate is the classic bait: every payment is reachable with
enough months or a rate the customer will not get. An honest payment says what it assumes.
"""

from __future__ import annotations

import re

from trainer.scoring.analysis import Analysis
from trainer.scoring.detectors import Detector, Finding, register

_PAYMENT = re.compile(
    r"\$\s?\d[\d,]*(?:\.\d\d)?\s*(?:/\s*mo(?:nth)?\b|(?:a|per|each)\s+mo(?:nth)?\b|monthly\b)"
    r"|\bpayment (?:down to|is now|is only|of only) \$\s?\d[\d,]*",
    re.I,
)
# "Your payoff drops about $350 a month", "saves you $40 a month": a change, not a payment.
_CHANGE_BEFORE = re.compile(
    r"\b(?:payoff|drops?|save[sd]?|saving|less|lower|more|cuts?)\b[^.!?]*$", re.I
)
# Numbers worked out together earlier carry their terms with them.
_EARLIER_TERMS = re.compile(
    r"\b(?:your numbers|same terms|same down|as we discussed|we went over|we worked out|worksheet"
    r"|the sheet|buyer'?s order|from (?:saturday|sunday|monday|tuesday|wednesday|thursday|friday))\b",
    re.I,
)
_TERMS = re.compile(
    r"\b\d{2}\s*(?:-\s*)?(?:months?|mos?)\b|\b\d{1,2}(?:\.\d+)?\s*%|\bapr\b|\brate\b|\bterm\b"
    r"|\binterest\b|\bmoney factor\b|\btier\b",
    re.I,
)


@register("payment_without_terms")
class PaymentWithoutTerms(Detector):
    """Fires when the message quotes a monthly payment but never its term or rate."""

    def detect(self, analysis: Analysis) -> Finding | None:
        text = analysis.message.text
        if "$" not in text:
            return None
        quotes = [
            m.span()
            for m in _PAYMENT.finditer(text)
            if not _CHANGE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ]
        if not quotes or _TERMS.search(text) or _EARLIER_TERMS.search(text):
            return None
        return Finding(tuple(quotes), "a payment with no term or rate")
