"""Offline spelling (pyspellchecker's English dictionary) plus the grammar checks.

Build one ``SpellCheck`` per process (``default_checker()``): loading the
dictionary takes a fraction of a second, checking a resume a few milliseconds.
Suggestions use edit distance 1 only: distance 2 costs about half a second per word
with no close match (typically a surname), which a 100 kB text cannot afford.

Which English (``variant_for(country)``): pyspellchecker ships one English dictionary,
American-leaning. British and Commonwealth forms unknown to it are recognised by rule
(-our, -ise/-yse, -re, -ogue, -ence, -mme, -lled, ae/oe against the dictionary's American
form) and by a small documented list (``british.txt``) for the irregular ones. A
candidate in the US ("en-US") gets such a form back as a ``regional_spelling`` finding
with the American suggestion: US readers see "colour" as a mistake. Everyone else
("en-GB": Britain, the Commonwealth, and any country that writes English as a second
language, where either spelling is read as correct) has both accepted: American forms
are not flagged there, because Oxford spelling (-ize) and "program" (software) are
correct British English and a false alarm costs the tool its credibility. No country
known: "en-GB", the lenient choice.

Capitalised words: mid-sentence, an unknown capitalised word with no close match is
taken for a name. At the start of a line or sentence the capital says nothing, so such a
word is reported unless it reads as a name: followed on its line by another capitalised
word ("Priya Sharma"), by punctuation ("Zyntrix, a startup") or by nothing. Headings in
capitals of 7 letters or more ("EXPERIANCE") are checked too; shorter ones are acronyms.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Literal

from spellchecker import SpellChecker

from outreach_diagnostics import grammar
from outreach_diagnostics.text import (
    CURLY,
    Finding,
    Locator,
    Token,
    is_checkable,
    mask_non_prose,
    match_case,
    tokens,
)

Variant = Literal["en-US", "en-GB"]
# The US and the territories that use its spelling.
_AMERICAN = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})
# British form -> American form, tried in order on a word the dictionary does not know.
_BRITISH_RULES = tuple(
    (re.compile(pattern), american)
    for pattern, american in (
        (r"(?<=[a-z]{2})is(e|es|ed|ing|er|ers|ation|ations|ational|able)$", r"iz\1"),
        (r"(?<=[a-z]{2})ys(e|es|ed|ing|er|ers)$", r"yz\1"),
        (r"(?<=[a-z]{2})our(?=[a-z]*$)", "or"),
        (r"(?<=[a-z]{2})tre(s?)$", r"ter\1"),
        (r"(?<=[a-z]{2})tr(ed|ing)$", r"ter\1"),
        (r"(?<=[a-z]{2})ogue(s?)$", r"og\1"),
        (r"(?<=[a-z]{2})ence(s?)$", r"ense\1"),
        (r"(?<=[a-z]{2})mme(s?)$", r"m\1"),
        (r"(?<=[a-z])([ae])ll(ed|ing|er|ers)$", r"\1l\2"),
        (r"(?:ae|oe)(?=[a-z]{2})", "e"),
    )
)
# Unknown capitalised words with no close match are taken for names, but looking for a
# match costs time: past this many per text, every unknown capitalised word is a name.
_MAX_NAME_LOOKUPS = 500
_CACHE_LIMIT = 20_000
# Findings of whole texts: a candidate's resume is checked once, not on every diagnosis
# (21-25 ms a check, measured on the first version). Keyed by a hash of the text and every
# argument, so a changed text, word list or variant is checked again; bounded, oldest out.
_CHECKED_TEXTS_LIMIT = 4_096
CheckKey = tuple[str, frozenset[str], int | None, str]
_OMISSION_WEIGHT = 10
_HEADING_LETTERS = 7


def _lines(name: str) -> list[str]:
    text = resources.files("outreach_diagnostics").joinpath(name).read_text("utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def bundled_words() -> list[str]:
    """The word list shipped with the package: names, companies, industry terms."""
    return _lines("wordlist.txt")


def british_words() -> dict[str, str]:
    """The irregular British spellings shipped with the package, to their American form."""
    return dict(_pair(line) for line in _lines("british.txt"))


def _pair(line: str) -> tuple[str, str]:
    british, american = line.split()
    return british, american


def variant_for(country: str | None) -> Variant:
    """The English a candidate's readers expect (see the module's docstring)."""
    return "en-US" if country in _AMERICAN else "en-GB"


class SpellCheck:
    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._spell = SpellChecker(language="en", distance=1)
        self._spell.word_frequency.load_words([*bundled_words(), *extra_words])
        self._british = british_words()
        self._suggestions: dict[str, str | None] = {}
        self._checked: OrderedDict[CheckKey, tuple[Finding, ...]] = OrderedDict()
        self._checked_lock = threading.Lock()

    def is_known(
        self, word: str, extra: frozenset[str] = frozenset(), variant: Variant = "en-GB"
    ) -> bool:
        """In the dictionary, the word lists or ``extra``; or, outside the US, a British
        spelling of a known word."""
        return any(
            self._known_form(form, extra) or (variant == "en-GB" and self.american(form))
            for form in _forms(word)
        )

    def _known_form(self, word: str, extra: frozenset[str]) -> bool:
        return word in extra or word in self._spell

    def american(self, word: str) -> str | None:
        """The American form of an unknown British spelling ("colour" -> "color"), or None."""
        lower = word.lower()
        if lower in self._british:
            return match_case(word, self._british[lower])
        for pattern, replacement in _BRITISH_RULES:
            for match in pattern.finditer(lower):
                candidate = lower[: match.start()] + match.expand(replacement)
                candidate += lower[match.end() :]
                if candidate != lower and candidate in self._spell:
                    return match_case(word, candidate)
        return None

    def suggest(self, word: str) -> str | None:
        """The likeliest known word one edit away, or None.

        Likeliest = most frequent, with a left-out letter ("enginer") weighted tenfold
        because omission is the commonest typo: "engineer", not the commoner "engine".
        Ties are broken alphabetically so the answer never depends on set order.
        """
        lower = word.lower()
        try:
            best = self._suggestions[lower]
        except KeyError:  # not "if in": another thread may clear the cache in between
            candidates = self._spell.candidates(lower) or set()
            known = [c for c in candidates if c != lower and c in self._spell]
            best = min(known, key=lambda c: (-self._weight(lower, c), c), default=None)
            if len(self._suggestions) >= _CACHE_LIMIT:
                self._suggestions.clear()
            self._suggestions[lower] = best
        return match_case(word, best) if best else None

    def _weight(self, typo: str, candidate: str) -> int:
        letters = iter(candidate)
        omitted = all(char in letters for char in typo)  # typo is a subsequence
        return int(self._spell[candidate]) * (_OMISSION_WEIGHT if omitted else 1)

    def check(
        self,
        text: str,
        extra_words: Iterable[str] = (),
        limit: int | None = None,
        variant: Variant = "en-GB",
    ) -> list[Finding]:
        """Spelling and grammar findings in ``text``, by offset, at most ``limit`` of them,
        each reported once (one word flagged by two checks is one finding)."""
        extra = frozenset(word.lower() for word in extra_words)
        key = (hashlib.sha256(text.encode()).hexdigest(), extra, limit, variant)
        with self._checked_lock:
            cached = self._checked.get(key)
            if cached is not None:
                self._checked.move_to_end(key)
                return list(cached)
        found = self._check(text, extra, limit, variant)
        with self._checked_lock:
            self._checked[key] = tuple(found)
            while len(self._checked) > _CHECKED_TEXTS_LIMIT:
                self._checked.popitem(last=False)
        return found

    def _check(
        self, text: str, extra: frozenset[str], limit: int | None, variant: Variant
    ) -> list[Finding]:
        masked = mask_non_prose(text)
        locator = Locator(text)
        spelling = self._misspellings(masked, locator, extra, limit, variant)
        found = once([*spelling, *grammar.check(masked, locator)])
        return found if limit is None else found[:limit]

    def _misspellings(
        self,
        masked: str,
        locator: Locator,
        extra: frozenset[str],
        limit: int | None,
        variant: Variant,
    ) -> list[Finding]:
        found: list[Finding] = []
        for token in self._unknown_tokens(masked, extra, variant):
            if limit is not None and len(found) >= limit:
                break  # later ones cannot make the first ``limit`` by offset
            found.append(self._finding(locator, token))
        return found

    def _finding(self, locator: Locator, token: Token) -> Finding:
        american = self.american(token.text)
        suggestion: str | None = american
        if american is not None:  # only reached for en-US
            message = f'"{token.text}" is British spelling; US readers expect "{american}"'
            rule = "regional_spelling"
        else:
            message = f'"{token.text}" is not in the dictionary'
            rule, suggestion = "unknown_word", self.suggest(token.text)
        if suggestion and token.text.isupper():  # a heading in capitals
            suggestion = suggestion.upper()
        return locator.finding("spelling", rule, token.text, token.offset, suggestion, message)

    def _unknown_tokens(
        self, masked: str, extra: frozenset[str], variant: Variant
    ) -> Iterator[Token]:
        name_lookups = 0
        for token in tokens(masked):
            heading = _is_heading(token.text)
            if not (heading or is_checkable(token.text)):
                continue
            if self.is_known(token.text, extra, variant):
                continue
            if token.text[0].isupper() and self.american(token.text) is None:
                # Capitalised and unknown: a typo has a close match, a surname usually not.
                name_lookups += 1
                if name_lookups > _MAX_NAME_LOOKUPS:
                    continue
                if self.suggest(token.text) is None and (heading or _reads_as_name(masked, token)):
                    continue
            yield token


def _forms(word: str) -> set[str]:
    lower = word.lower().replace(CURLY, "'")
    return {lower, lower.removesuffix("'s")}  # the possessive of a known word is known


def _is_heading(word: str) -> bool:
    """A word in capitals long enough not to be an acronym ("EXPERIENCE", not "AWS")."""
    return len(word) >= _HEADING_LETTERS and word.isascii() and word.isalpha() and word.isupper()


_SENTENCE_START = re.compile(r"(?:^|[.!?:;])[ \t]*(?:[-*\u2022\u2013\u2014\u25aa\u25e6][ \t]*)?$")
_NEXT = re.compile(r"[ \t]+([^\W\d_])")


def _reads_as_name(masked: str, token: Token) -> bool:
    """An unknown capitalised word with no close match: a name mid-sentence; at the start
    of a line or sentence only if what follows it on the line is not lowercase prose."""
    line_start = masked.rfind("\n", 0, token.offset) + 1
    if not _SENTENCE_START.search(masked[line_start : token.offset]):
        return True
    after = _NEXT.match(masked, token.offset + len(token.text))
    return after is None or not after.group(1).islower()


def once(found: list[Finding]) -> list[Finding]:
    """Sorted by offset, one finding per word: spelling before grammar, and a lowercase
    sentence start folded into the spelling suggestion ("teh" -> "The")."""
    kept: dict[tuple[int, str], Finding] = {}
    order = {"spelling": 0, "grammar": 1}
    for finding in sorted(found, key=lambda f: (f.offset, order[f.kind], f.rule)):
        key = (finding.offset, finding.text.lower())
        first = kept.get(key)
        if first is None:
            kept[key] = finding
        elif finding.rule == "lowercase_sentence_start" and first.suggestion:
            capital = first.suggestion[:1].upper() + first.suggestion[1:]
            kept[key] = replace(first, suggestion=capital)
    return list(kept.values())


@lru_cache(maxsize=1)
def default_checker() -> SpellCheck:
    """The process-wide checker, built on first use."""
    return SpellCheck()
