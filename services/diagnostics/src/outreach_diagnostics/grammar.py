"""A few grammar checks that are cheap, offline and almost never wrong.

Deliberately few: a false alarm on a candidate's resume costs the tool its credibility.
Each check reads the masked text (links and e-mails blanked) and stays within a line,
because resumes are full of headings and bullets that are not sentences.
"""

import re
from collections.abc import Iterator

from outreach_diagnostics.text import CURLY, Finding, Locator

# "had had" and "that that" are good English.
_LEGIT_REPEATS = frozenset({"had", "that"})
_REPEAT = re.compile(r"\b([A-Za-z]+)[ \t]+(\1)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(rf"(\S*)([.!?])[ \t]+([a-z][a-z'{CURLY}]*)\b")
_ABBREVIATIONS = frozenset(
    [
        "e.g.",
        "i.e.",
        "etc.",
        "vs.",
        "approx.",
        "incl.",
        "cf.",
        "al.",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "st.",
        "no.",
        "jr.",
        "sr.",
        "inc.",
        "ltd.",
        "co.",
        "corp.",
        "dept.",
        "est.",
        "min.",
        "max.",
        "p.m.",
        "a.m.",
        "u.s.",
        "ph.d.",
    ]
)
# A lone lowercase "i", also in "i'm", "i've", "i'll", "i'd"; not "i.e.", "(i)", "i-th".
_LOWER_I = re.compile(
    rf"(?<![\w'{CURLY}.\-/(])i(?:['{CURLY}](?:m|ve|ll|d))?(?![\w'{CURLY}\-/)]|\.\w)"
)


def check(masked: str, locator: Locator) -> list[Finding]:
    return [
        *_repeated_words(masked, locator),
        *_sentence_starts(masked, locator),
        *_lowercase_i(masked, locator),
    ]


def _repeated_words(masked: str, locator: Locator) -> Iterator[Finding]:
    for match in _REPEAT.finditer(masked):
        word = match.group(1)
        if word.lower() in _LEGIT_REPEATS:
            continue
        message = f'"{word}" is written twice in a row'
        yield locator.finding(
            "grammar", "repeated_word", match.group(), match.start(), word, message
        )


def _sentence_starts(masked: str, locator: Locator) -> Iterator[Finding]:
    for match in _SENTENCE_END.finditer(masked):
        before, mark, word = match.group(1), match.group(2), match.group(3)
        if _is_abbreviation(before + mark) or before.endswith(".."):
            continue
        start = match.start(3)
        yield locator.finding(
            "grammar",
            "lowercase_sentence_start",
            word,
            start,
            word[:1].upper() + word[1:],
            f'a sentence starts with lowercase "{word}" after "{mark}"',
        )


def _is_abbreviation(word: str) -> bool:
    # Initials ("J. smith" is rarer than "A. B. Testing") and known abbreviations.
    bare = word.lstrip("([\"'")
    return bare.lower() in _ABBREVIATIONS or len(bare) <= 2


def _lowercase_i(masked: str, locator: Locator) -> Iterator[Finding]:
    for match in _LOWER_I.finditer(masked):
        text = match.group()
        yield locator.finding(
            "grammar",
            "lowercase_i",
            text,
            match.start(),
            "I" + text[1:],
            'the pronoun "I" is written in lowercase',
        )
