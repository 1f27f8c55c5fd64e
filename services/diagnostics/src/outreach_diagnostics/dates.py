"""Dates the way advice is read: "2 Nov", "7 Sep 2026", "Tue 8 Sep 2026".

Written out by hand rather than with ``strftime("%b")``, whose month names follow the
process locale: a diagnosis must read (and hash) the same on every server.
"""

from datetime import date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def short(day: date) -> str:
    """'2 Nov'."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def full(day: date) -> str:
    """'7 Sep 2026'."""
    return f"{short(day)} {day.year}"


def weekday(day: date) -> str:
    """'Tue 8 Sep 2026'."""
    return f"{_WEEKDAYS[day.weekday()]} {full(day)}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 contact', '2 contacts'."""
    return f"{count} {word if count == 1 else many or word + 's'}"
