"""One message analysed against one rubric's vocabulary: the facts detectors build on.

Detectors ask an `Analysis` where a *term* occurs. A term is a phrase family's name (from the
rubric's phrase file) or a built-in marked with `@`:

  @time            a specific time, day or date     @phone          a phone number
  @deadline        a limit word right before a date ("ends May 31", "good for 7 days")
  @money           a money amount                   @email          an email address
  @dealership      the store's own name (from the scenario)
  @customer_name   the customer's first name, or a CRM name placeholder
  @vehicle         the vehicle of interest (model, or make)
  @trade           the customer's trade-in, or the word "trade"
  @objection       words of the context's objection (family `objection_<type>`)
  @question        the whole sentence, when it ends with a question mark
  @did_myself      the writer saying what they did themselves ("I re-ran it", "I've searched")

Each answer is a list of character spans, computed once per message and cached.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from trainer.scoring.context import Context
from trainer.scoring.patterns import Span, money_spans, phone_numbers
from trainer.scoring.phrases import PhraseMatcher
from trainer.scoring.text import Message, analyse, is_name_placeholder
from trainer.scoring.times import deadline_spans, time_spans
from trainer.scoring.vehicles import MAKES

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
# "I" and a past-tense action: the writer did something for this customer themselves ("I
# searched every dealer", "I've put your name on it", "I had it re-run"). Verbs of wanting,
# hoping or feeling are not actions ("I wanted to follow up").
_NOT_ACTIONS = (
    "wanted|hoped|noticed|thought|figured|loved|liked|enjoyed|needed|wondered|guessed|"
    "assumed|reached|tried|heard|realized|realised|missed|used|just|also|really|never|"
    "believed|imagined|expected|understood|appreciated|mentioned|received|started|seemed|"
    "attached|included|need|saw|got"
)
_DID_MYSELF = re.compile(
    r"\bI(?:'ve| have)?(?: just| already| personally| also| even)? "
    rf"(?!(?:{_NOT_ACTIONS})\b)"
    r"(?:[a-z]+ed|took|went|got|found|made|put|ran|re-ran|drove|spoke|sent|set|had|saw|"
    r"brought|dug|wrote|shot|kept|held|built|paid|rode|sat|told)\b"
)
_BUILDERS = {
    "@time": "_time",
    "@deadline": "_deadline",
    "@phone": "_phone",
    "@money": "_money",
    "@email": "_email",
    "@dealership": "_dealership",
    "@customer_name": "_customer_name",
    "@vehicle": "_vehicle",
    "@trade": "_trade",
    "@objection": "_objection",
    "@question": "_question",
    "@did_myself": "_did_myself",
}
BUILTINS = tuple(_BUILDERS)


@lru_cache(maxsize=4096)
def _analyse_customer(words: str) -> Message:
    """Analyse a customer's words once: every touch to the same lead re-reads them."""
    return analyse(words)


@lru_cache(maxsize=1024)
def _store_words(name: str) -> frozenset[str]:
    """Return the distinctive words of a store's name ("harborview" in "Harborview Honda")."""
    words = {w.lower().strip(".,'") for w in name.split()}
    return frozenset(words - (MAKES | _STORE_WORDS))


_STORE_WORDS = frozenset({"the", "of", "and", "&", "motors", "auto", "autos", "cars", "group"})


class Analysis:
    """A message, its context, and cached answers to 'where does this term occur?'."""

    def __init__(self, message: Message, context: Context, matcher: PhraseMatcher):
        self.message = message
        self.context = context
        self.matcher = matcher
        self._family_tokens = matcher.match(message)
        self._spans: dict[str, list[Span]] = {}
        self._by_sentence: dict[str, dict[int, list[Span]]] = {}
        self.memo: dict = {}  # detectors' own results for this analysis

    def _token_spans(self, ranges: list[tuple[int, int]]) -> list[Span]:
        tokens = self.message.tokens
        return [(tokens[first].start, tokens[last - 1].end) for first, last in ranges]

    def _words(self, words: set[str] | frozenset[str]) -> list[Span]:
        return self.message.word_spans(words)

    def customer(self) -> Analysis | None:
        """Return the analysis of the customer's own words, if any.

        It depends only on the context and the rubric's vocabulary, so every message graded
        in the same context (a scenario step, a batch of one lead's touches) shares it.
        """
        if not self.context.customer_message:
            return None
        return _customer_analysis(self.context, self.matcher)

    @cached_property
    def phones(self) -> list[tuple[str, Span]]:
        """Return the phone numbers in the message (digits, span)."""
        return phone_numbers(self.message.text)

    def _builtin(self, name: str) -> list[Span]:
        return getattr(self, _BUILDERS[name])()

    def _time(self) -> list[Span]:
        return time_spans(self.message.text)

    def _deadline(self) -> list[Span]:
        return deadline_spans(self.message.text, self.spans("@time"))

    def _phone(self) -> list[Span]:
        return [span for _, span in self.phones]

    def _money(self) -> list[Span]:
        return money_spans(self.message.text)

    def _email(self) -> list[Span]:
        text = self.message.text
        if "@" not in text:  # the pattern needs one; scanning for it is the slow part
            return []
        return [m.span() for m in _EMAIL.finditer(text)]

    def _did_myself(self) -> list[Span]:
        text = self.message.text
        if "I" not in text:
            return []
        return [m.span() for m in _DID_MYSELF.finditer(text)]

    def _question(self) -> list[Span]:
        return [(s.start, s.end) for s in self.message.sentences if s.is_question]

    def _customer_name(self) -> list[Span]:
        spans = [(s, e) for s, e, text in self.message.placeholders if is_name_placeholder(text)]
        first = self.context.first_name
        if first:
            spans += self._words({first.lower()})
        return sorted(spans)

    def _dealership(self) -> list[Span]:
        name = self.context.dealership
        if not name:
            return []
        return self._words(_store_words(name))

    def _vehicle(self) -> list[Span]:
        make, model = self.context.vehicle_parts
        # The model is the vehicle ("CR-V"); the make alone ("Honda") may be the store's name.
        named = self._words(set(model.split())) if model else []
        if named or not make:
            return named
        return [span for span in self._words({make}) if not self._in_store_name(span)]

    def _in_store_name(self, span: Span) -> bool:
        """Return True when a make stands in a store's name ("Eastlake Ford", "Ford of Tulsa")."""
        text = self.message.text
        after = text[span[1] : span[1] + 12].lstrip(" ").lower()
        if after.startswith(("of ", "motors", "sales", "dealership", "store", "team")):
            return True
        before = text[max(0, span[0] - 30) : span[0]].rstrip(" ")
        word = re.search(r"([A-Za-z][\w'-]*)$", before)
        return (
            word is not None
            and word.group(1)[0].isupper()
            and word.group(1).lower()
            not in ("the", "a", "an", "your", "my", "new", "used", "that", "this", "our")
        )

    def _trade(self) -> list[Span]:
        spans = list(self.spans("trade_words"))  # a copy: never change a cached answer
        if self.context.trade_in:
            spans += self._words({w.lower() for w in self.context.trade_in.split()[1:3]})
        return sorted(spans)

    def _objection(self) -> list[Span]:
        if not self.context.objection:
            return []
        return self.spans(f"objection_{self.context.objection}")

    def spans(self, term: str) -> list[Span]:
        """Return the spans where a family or built-in term occurs."""
        cached = self._spans.get(term)
        if cached is None:
            if term.startswith("@"):
                cached = self._builtin(term)
            else:
                cached = self._token_spans(self._family_tokens.get(term, []))
                # A family may name built-ins too ("@money" in price_answer).
                for entry in self.matcher.builtins_in(term):
                    cached = sorted(cached + self.spans(entry))
            self._spans[term] = cached
        return cached

    def sentences_with(self, term: str) -> dict[int, list[Span]]:
        """Return the spans of `term` grouped by the index of the sentence they stand in."""
        grouped = self._by_sentence.get(term)
        if grouped is None:
            grouped = {}
            sentence_of = self.message.sentence_of
            for span in self.spans(term):
                grouped.setdefault(sentence_of(span[0]), []).append(span)
            self._by_sentence[term] = grouped
        return grouped


@lru_cache(maxsize=256)
def _customer_analysis(context: Context, matcher: PhraseMatcher) -> Analysis:
    """Analyse a context's customer message once per (context, vocabulary): every answer to
    the same scenario step or lead reads the same customer words. Bounded, so memory stays
    flat; an Analysis is deterministic, so sharing one never changes a result."""
    return Analysis(_analyse_customer(context.customer_message or ""), context, matcher)
