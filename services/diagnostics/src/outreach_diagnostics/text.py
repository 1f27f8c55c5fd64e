"""Text plumbing for the spelling and grammar checks: findings, positions, tokens.

Offsets are Python string indices (Unicode code points) into the submitted text;
lines and columns count from 1, as editors show them.
"""

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

Kind = Literal["spelling", "grammar"]

# Addresses, links and handles are not prose: a spell checker has nothing to say about them.
_NOT_PROSE = re.compile(
    r"""[\w.+-]+@[\w-]+(?:\.[\w-]+)+            # e-mail addresses
      | (?:https?://|www\.)\S+                  # links
      | \b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|co|edu|gov)(?:/\S*)?\b  # bare domains
      | [@#]\w+                                 # handles and hashtags
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The typographic apostrophe (U+2019) that word processors put in "don\u2019t".
CURLY = "\u2019"
# Letters and digits, with inner apostrophes ("don't"); hyphens split compounds.
_TOKEN = re.compile(rf"[^\W_]+(?:['{CURLY}][^\W_]+)*")


@dataclass(frozen=True)
class Finding:
    kind: Kind
    rule: str  # unknown_word | regional_spelling | repeated_word | lowercase_sentence_start
    # | lowercase_i
    text: str  # the word or snippet as written
    offset: int
    line: int
    column: int
    suggestion: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Token:
    text: str
    offset: int


class Locator:
    """Offset -> (line, column), by binary search over where each line starts."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer(r"\n", text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def finding(
        self, kind: Kind, rule: str, text: str, offset: int, suggestion: str | None, message: str
    ) -> Finding:
        line, column = self.line_column(offset)
        return Finding(kind, rule, text, offset, line, column, suggestion, message)


def mask_non_prose(text: str) -> str:
    """The text with e-mails, links and handles blanked out, offsets unchanged."""
    return _NOT_PROSE.sub(lambda match: " " * len(match.group()), text)


def tokens(masked: str) -> Iterator[Token]:
    for match in _TOKEN.finditer(masked):
        yield Token(match.group(), match.start())


def is_checkable(word: str) -> bool:
    """Whether a token is an ordinary word a dictionary can judge.

    Skipped: single letters, anything with a digit (B2B, 3rd, x86), acronyms in capitals
    (AWS, SQL) and words with inner capitals (LinkedIn, iPhone, McKinsey), which are
    nearly always names the dictionary cannot know; and words outside ASCII (Zürich,
    Ångström), which an English dictionary cannot judge.
    """
    letters = word.replace("'", "").replace(CURLY, "")
    if len(letters) < 2 or not (letters.isascii() and letters.isalpha()):
        return False
    return not any(char.isupper() for char in letters[1:])


def match_case(model: str, word: str) -> str:
    """``word`` written the way ``model`` was: Capitalised stays capitalised."""
    return word[:1].upper() + word[1:] if model[:1].isupper() else word
