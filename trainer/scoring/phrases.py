"""Match many phrase families against a message's tokens in a single pass.

A phrase family is a named list of phrases ("let me know", "feel free to *"). Phrases are
normalised with the same tokeniser as messages, so "I'll" in a rubric matches "I will" in a
message. In a phrase, `*` stands for any one word and a word ending in `*` matches any word
starting with it ("call*" matches "calling"). All families of a rubric share one token trie,
which keeps grading fast however many families a rubric names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.scoring.text import Message, analyse

TokenRange = tuple[int, int]  # first token, last token (exclusive)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    prefixes: list[tuple[str, _Node]] = field(default_factory=list)
    wildcard: _Node | None = None
    families: list[str] = field(default_factory=list)


def phrase_tokens(phrase: str) -> list[str]:
    """Normalise a phrase into the tokens a message would produce for it."""
    words = []
    for part in phrase.split():
        if part == "*" or (part.endswith("*") and len(part) > 1):
            words.append(part.lower())
        else:
            words.extend(token.norm for token in analyse(part).tokens)
    return words


class PhraseMatcher:
    """A token trie over several named phrase families."""

    def __init__(self, families: dict[str, Iterable[str]]):
        self._root = _Node()
        self.families = {name: tuple(phrases) for name, phrases in families.items()}
        self._builtins: dict[str, tuple[str, ...]] = {}
        for name, phrases in self.families.items():
            self._builtins[name] = tuple(p for p in phrases if p.startswith("@"))
            for phrase in phrases:
                if phrase.startswith("@"):
                    continue
                words = phrase_tokens(phrase)
                if words:
                    self._add(words, name)

    def builtins_in(self, family: str) -> tuple[str, ...]:
        """Return the @built-ins a family names alongside its phrases."""
        return self._builtins.get(family, ())

    def _add(self, words: list[str], family: str) -> None:
        node = self._root
        for word in words:
            if word == "*":
                node.wildcard = node.wildcard or _Node()
                node = node.wildcard
            elif word.endswith("*"):
                stem = word[:-1]
                for existing_stem, child in node.prefixes:
                    if existing_stem == stem:
                        node = child
                        break
                else:
                    child = _Node()
                    node.prefixes.append((stem, child))
                    node = child
            else:
                node = node.children.setdefault(word, _Node())
        if family not in node.families:
            node.families.append(family)

    def match(self, message: Message) -> dict[str, list[TokenRange]]:
        """Return, for each family that occurs, the token ranges of its matches."""
        cached = message.cache.get(("phrases", id(self)))
        if cached is not None:
            return cached
        norms = [token.norm for token in message.tokens]
        sentence_of = [token.sentence for token in message.tokens]
        hits: dict[str, list[TokenRange]] = {}
        count = len(norms)
        root = self._root
        for start in range(count):
            first = norms[start]
            if first not in root.children and not root.prefixes and root.wildcard is None:
                continue
            frontier = [root]
            position = start
            while frontier and position < count:
                word = norms[position]
                # A phrase never runs across a sentence boundary.
                if sentence_of[position] != sentence_of[start]:
                    break
                following: list[_Node] = []
                for node in frontier:
                    child = node.children.get(word)
                    if child is not None:
                        following.append(child)
                    for stem, prefixed in node.prefixes:
                        if word.startswith(stem):
                            following.append(prefixed)
                    if node.wildcard is not None:
                        following.append(node.wildcard)
                position += 1
                for node in following:
                    for family in node.families:
                        hits.setdefault(family, []).append((start, position))
                frontier = [
                    node for node in following if node.children or node.prefixes or node.wildcard
                ]
        message.cache[("phrases", id(self))] = hits
        return hits
