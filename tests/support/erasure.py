"""A candidate with unmistakable personal data, for the erasure tests: its strings are
searched for in every store after it is erased."""

from pathlib import Path
from typing import Any

from tests.support.factories import event

ALL_SCOPES = "events:write,diagnoses:read,audit:read,candidates:export,candidates:erase"


def distinctive(tag: str) -> dict[str, str]:
    """The strings of one candidate: a résumé text, a contact's name, a story."""
    return {
        "resume": f"Résumé of Quillon {tag} Vantablack: led the zeppelin retrofit of 2019",
        "name": f"Ottoline {tag} Fairweather-Grubb",
        "story": f"left after the {tag} marmalade incident, told nobody",
    }


def candidate_events(candidate_id: str, strings: dict[str, str]) -> list[dict[str, Any]]:
    at = {"candidate_id": candidate_id}
    return [
        event("candidate.registered", {"country": "US", "timezone": "America/New_York"}, **at),
        event(
            "contact.added",
            {"contact_id": "k1", "company": "Globex", "name": strings["name"], "title": "VP"},
            **at,
        ),
        event("outreach.sent", {"contact_id": "k1", "channel": "email"}, **at),
        event("employment.ended", {"circumstance": "fired"}, **at),
        event("departure.explained", {"contact_id": "k1", "story": "vague"}, **at),
        event(
            "impression.noted",
            {"contact_id": "k1", "valence": "negative", "context": strings["story"]},
            **at,
        ),
        event("presentation.submitted", {"asset": "resume", "text": strings["resume"]}, **at),
        event(
            "feedback.received",
            {"aspect": "departure_story", "sentiment": "negative", "note": strings["story"]},
            **at,
        ),
    ]


def needles(tag: str, strings: dict[str, str]) -> list[bytes]:
    """What must not be found: each string, and the tag alone (in every string: a store
    holding a text cut or re-encoded still shows it), in UTF-8 and in JSON's escapes."""
    found = [tag.encode()]
    for text in strings.values():
        found.append(text.encode())
        found.append(text.encode("ascii", "backslashreplace").replace(b"\\x", b"\\u00"))
    return sorted(set(found))


def files_holding(root: Path, wanted: list[bytes]) -> dict[str, list[bytes]]:
    """Every file under ``root`` that holds one of ``wanted``, with what it holds."""
    hits: dict[str, list[bytes]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        content = path.read_bytes()
        held = [needle for needle in wanted if needle in content]
        if held:
            hits[str(path.relative_to(root))] = held
    return hits


def holding(blob: bytes, wanted: list[bytes]) -> list[bytes]:
    return [needle for needle in wanted if needle in blob]
