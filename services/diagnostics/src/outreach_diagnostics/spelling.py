"""Offline spelling (pyspellchecker's English dictionary) plus the grammar checks.

Build one ``SpellCheck`` per process (``default_checker()``): loading the
dictionary takes a fraction of a second, checking a resume a few milliseconds.
Suggestions use edit distance 1 only: distance 2 costs about half a second per word
with no close match (typically a surname), which a 100 kB text cannot afford.
"""

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources

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

# British spellings are not mistakes: accept a word whose American form is known.
_BRITISH = (
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("our", "or"),
    ("ours", "ors"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ence", "ense"),
)
# Unknown capitalised words with no close match are taken for names, but looking for a
# match costs time: past this many per text, every unknown capitalised word is a name.
_MAX_NAME_LOOKUPS = 500
_CACHE_LIMIT = 20_000
_OMISSION_WEIGHT = 10


def bundled_words() -> list[str]:
    """The word list shipped with the package: names, companies, industry terms."""
    text = resources.files("outreach_diagnostics").joinpath("wordlist.txt").read_text("utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


class SpellCheck:
    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self._spell = SpellChecker(language="en", distance=1)
        self._spell.word_frequency.load_words([*bundled_words(), *extra_words])
        self._suggestions: dict[str, str | None] = {}

    def is_known(self, word: str, extra: frozenset[str] = frozenset()) -> bool:
        lower = word.lower().replace(CURLY, "'")
        # The possessive of a known word or name is known too.
        forms = {lower, lower.removesuffix("'s")}
        return any(self._known_form(form, extra) for form in forms)

    def _known_form(self, word: str, extra: frozenset[str]) -> bool:
        if word in extra or word in self._spell:
            return True
        return any(
            word.endswith(uk) and word.removesuffix(uk) + us in self._spell for uk, us in _BRITISH
        )

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
        self, text: str, extra_words: Iterable[str] = (), limit: int | None = None
    ) -> list[Finding]:
        """Spelling and grammar findings in ``text``, by offset, at most ``limit`` of them."""
        masked = mask_non_prose(text)
        locator = Locator(text)
        extra = frozenset(word.lower() for word in extra_words)
        spelling = self._misspellings(masked, locator, extra, limit)
        found = sorted(
            [*spelling, *grammar.check(masked, locator)], key=lambda f: (f.offset, f.kind, f.rule)
        )
        return found if limit is None else found[:limit]

    def _misspellings(
        self, masked: str, locator: Locator, extra: frozenset[str], limit: int | None
    ) -> list[Finding]:
        found: list[Finding] = []
        for token in self._unknown_tokens(masked, extra):
            if limit is not None and len(found) >= limit:
                break  # later ones cannot make the first ``limit`` by offset
            suggestion = self.suggest(token.text)
            found.append(
                locator.finding(
                    "spelling",
                    "unknown_word",
                    token.text,
                    token.offset,
                    suggestion,
                    f'"{token.text}" is not in the dictionary',
                )
            )
        return found

    def _unknown_tokens(self, masked: str, extra: frozenset[str]) -> Iterator[Token]:
        name_lookups = 0
        for token in tokens(masked):
            if not is_checkable(token.text) or self.is_known(token.text, extra):
                continue
            if token.text[0].isupper():
                # Capitalised and unknown: a typo has a close match, a surname usually not.
                name_lookups += 1
                if name_lookups > _MAX_NAME_LOOKUPS or self.suggest(token.text) is None:
                    continue
            yield token


@lru_cache(maxsize=1)
def default_checker() -> SpellCheck:
    """The process-wide checker, built on first use."""
    return SpellCheck()
