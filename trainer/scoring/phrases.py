"""Match many phrase families against a message's tokens in a single pass.

A phrase family is a named list of phrases ("let me know", "feel free to *"). Phrases are
normalised with the same tokeniser as messages, so "I'll" in a rubric matches "I will" in a
message. In a phrase, `*` stands for any one word and a word ending in `*` matches any word
starting with it ("call*" matches "calling"). All families of a rubric share one token trie,
which keeps grading fast however many families a rubric names.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress

from trainer.scoring.text import Message, analyse

TokenRange = tuple[int, int]  # first token, last token (exclusive)


_MEMO_LIMIT = 50_000
_SERIALS = itertools.count()


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    prefixes: list[tuple[str, _Node]] = field(default_factory=list)
    wildcard: _Node | None = None
    families: list[str] = field(default_factory=list)
    # word -> the nodes a word leads to from here; words repeat across messages, so the
    # prefix tests run once per distinct word instead of once per occurrence.
    memo: dict[str, tuple[_Node, ...]] = field(default_factory=dict)

    def step(self, word: str) -> tuple[_Node, ...]:
        """Return the nodes reached from this node by one word."""
        found = self.memo.get(word)
        if found is None:
            nodes = []
            child = self.children.get(word)
            if child is not None:
                nodes.append(child)
            nodes += [node for stem, node in self.prefixes if word.startswith(stem)]
            if self.wildcard is not None:
                nodes.append(self.wildcard)
            found = tuple(nodes)
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[word] = found
        return found


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
        # A serial, not id(): cached results on a Message must never be read by another
        # matcher that happens to reuse a freed matcher's memory address.
        self.key = next(_SERIALS)
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
        cached = message.cache.get(("phrases", self.key))
        if cached is not None:
            return cached
        norms = message.norm_list
        sentence_of = message.sentence_list
        hits: dict[str, list[TokenRange]] = {}
        count = len(norms)
        root = self._root
        # Where a phrase can start, found a column at a time: the root's memo maps most
        # words to no node at all, and only the remaining starts need the walk below.
        firsts = list(map(root.memo.get, norms))
        if None in firsts:  # words the root has not seen yet
            firsts = [
                root.step(word) if nodes is None else nodes
                for nodes, word in zip(firsts, norms, strict=True)
            ]
        # The hot loop reads each node's memo directly (`Node.step` only on a miss) and
        # follows a single-node frontier without building a tuple: most walks are one path.
        for start in compress(range(count), firsts):
            frontier = firsts[start]
            position = start + 1
            sentence = sentence_of[start]
            while frontier:
                for node in frontier:
                    for family in node.families:
                        found = hits.get(family)
                        if found is None:
                            hits[family] = [(start, position)]
                        else:
                            found.append((start, position))
                # A phrase never runs across a sentence boundary.
                if position >= count or sentence_of[position] != sentence:
                    break
                word = norms[position]
                if len(frontier) == 1:
                    node = frontier[0]
                    frontier = node.memo.get(word)
                    if frontier is None:
                        frontier = node.step(word)
                else:
                    frontier = tuple(nxt for node in frontier for nxt in node.step(word))
                position += 1
        message.cache[("phrases", self.key)] = hits
        return hits
