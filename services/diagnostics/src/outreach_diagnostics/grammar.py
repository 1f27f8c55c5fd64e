"""A few grammar checks that are cheap, offline and almost never wrong.

Deliberately few: a false alarm on a candidate's resume costs the tool its credibility.
Each check reads the masked text (links and e-mails blanked) and stays within a line,
because resumes are full of headings and bullets that are not sentences.

Resume conventions are not errors: a full stop after a degree, a title or any dotted
abbreviation (B.Sc., Ph.D., Sr., Mgr., U.K.) ends no sentence, a lowercase abbreviation
(e.g., etc.) may follow a full stop, and a lowercase word after a full stop is reported
only when what came before it was a sentence, i.e. has a verb or a subject (a pronoun,
an auxiliary, a common verb or an -ed form): "Python. docker, kubernetes" is a list of
bullet fragments, "I led it. then we shipped" is a sentence that needed a capital.
"""

import re
from collections.abc import Iterator

from outreach_diagnostics.text import CURLY, Finding, Locator

# "had had" and "that that" are good English.
_LEGIT_REPEATS = frozenset({"had", "that"})
_REPEAT = re.compile(r"\b([A-Za-z]+)[ \t]+(\1)\b", re.IGNORECASE)
# The next word is looked at, not consumed, so that it may end a sentence itself.
_SENTENCE_END = re.compile(rf"(\S*)([.!?])[ \t]+(?=([a-z][a-z'{CURLY}]*)((?:\.[a-z]+)*\.?)(?!\w))")
# Dotted abbreviations: B.Sc., Ph.D., M.B.A., U.K., e.g.
_DOTTED = re.compile(r"^(?:[a-z]{1,4}\.){2,}$")
_CLAUSE_START = re.compile(r"[.!?:;\u2022]\s|^\s*[-*\u2013\u2014]\s")
_VERB_LIKE = frozenset(
    [
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "it",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "led",
        "built",
        "ran",
        "made",
        "grew",
        "won",
        "drove",
        "wrote",
        "taught",
        "began",
        "brought",
        "bought",
        "sold",
        "set",
        "cut",
        "put",
        "spent",
        "took",
        "gave",
        "kept",
        "held",
        "found",
        "met",
        "saw",
        "went",
        "came",
        "became",
        "got",
        "oversaw",
        "rebuilt",
        "ship",
        "ships",
        "lead",
        "leads",
        "run",
        "runs",
        "build",
        "builds",
        "manage",
        "manages",
        "own",
        "owns",
    ]
)
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
        # Titles, degrees and the shorthand of resumes.
        "mgr.",
        "dir.",
        "assoc.",
        "asst.",
        "eng.",
        "exec.",
        "admin.",
        "mgmt.",
        "govt.",
        "univ.",
        "div.",
        "intl.",
        "natl.",
        "tel.",
        "mob.",
        "ext.",
        "ref.",
        "prof.",
        "hon.",
        "sen.",
        "rep.",
        "gen.",
        "capt.",
        "lt.",
        "col.",
        "sgt.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
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
        after = (word + match.group(4)).lower()  # "etc." and "e.g." may follow a full stop
        if after in _ABBREVIATIONS or _DOTTED.match(after):
            continue
        if not _was_a_sentence(masked, match.start(2)):
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
    bare = word.lstrip("([\"'").lower()
    return bare in _ABBREVIATIONS or len(bare) <= 2 or bool(_DOTTED.match(bare))


def _was_a_sentence(masked: str, end: int) -> bool:
    """Whether the words before a full stop, back to the previous one (or the line's start
    or bullet), have a verb or a subject: else they are a fragment, and so is what follows."""
    line_start = masked.rfind("\n", 0, end) + 1
    clause = masked[line_start:end]
    starts = [m.end() for m in _CLAUSE_START.finditer(clause)]
    words = re.findall(rf"[A-Za-z'{CURLY}]+", clause[starts[-1] if starts else 0 :])
    return any(w.lower() in _VERB_LIKE or (len(w) > 3 and w.lower().endswith("ed")) for w in words)


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
