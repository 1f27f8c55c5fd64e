"""The demo data set: a few candidates, each showing one or more of the seven reasons,
and a healthy one. Pure: dates are relative to ``today`` and event ids derive from the
content, so loading twice on the same day is idempotent."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import NAMESPACE_URL, uuid5
from zoneinfo import ZoneInfo

from outreach_diagnostics.seasons import low_season_on

SHOWCASE_CANDIDATE = "sam-okafor"
ZONE = ZoneInfo("America/New_York")
Event = dict[str, Any]


class _Story:
    """Writes one candidate's events, days counted back from today."""

    def __init__(self, candidate_id: str, today: date) -> None:
        self.candidate_id = candidate_id
        self.today = today
        self.events: list[Event] = []
        self.add("candidate.registered", 60, country="US", timezone=ZONE.key,
                 target_roles=["Product Manager"])  # fmt: skip

    def add(self, type_: str, days_ago: int, hour: int = 10, **data: Any) -> None:
        moment = datetime.combine(self.today - timedelta(days=days_ago), time(hour), ZONE)
        # Never in the future, whatever the hour the demo is loaded at.
        moment = min(moment, datetime.now(UTC).astimezone(ZONE) - timedelta(hours=1))
        seed = f"{self.candidate_id}|{len(self.events)}|{type_}|{moment.isoformat()}"
        self.events.append({
            "event_id": str(uuid5(NAMESPACE_URL, seed)),
            "type": type_,
            "candidate_id": self.candidate_id,
            "occurred_at": moment.isoformat(),
            "data": data,
        })  # fmt: skip

    def contacts(self, prefix: str, count: int, **fields: Any) -> list[str]:
        ids = [f"{prefix}-{n}" for n in range(count)]
        for n, contact_id in enumerate(ids):
            company = fields.get("company") or f"Company {chr(65 + n % 26)}{n // 26 or ''}"
            extra = {k: v for k, v in fields.items() if k != "company"}
            self.add("contact.added", 45, contact_id=contact_id, company=company, **extra)
        return ids

    def reach(
        self,
        contacts: list[str],
        weeks: int,
        per_week: int,
        channel: str = "email",
        low_season_channel: str | None = None,
    ) -> None:
        """``low_season_channel``: the channel on days in a low season (the seed: "great
        times to network face to face")."""
        for week in range(weeks):
            for n in range(per_week):
                contact = contacts[(week * per_week + n) % len(contacts)]
                days_ago = 7 * week + 1 + n % 5
                in_season = low_season_on(self.today - timedelta(days=days_ago)) is not None
                used = low_season_channel if low_season_channel and in_season else channel
                self.add("outreach.sent", days_ago, contact_id=contact, channel=used)


def _healthy(today: date) -> list[Event]:
    s = _Story("maya-chen", today)
    s.add("employment.ended", 50, circumstance="laid_off")
    people = s.contacts("maya", 90, seniority="senior", relationship="former_colleague",
                        can_reach_hiring_manager=True)  # fmt: skip
    s.reach(people, weeks=5, per_week=17, channel="linkedin", low_season_channel="coffee")
    for n, contact in enumerate(people[:8]):
        s.add("contact.replied", 20 - n, contact_id=contact, willingness="eager")
        s.add("departure.explained", 19 - n, contact_id=contact, story="laid_off")
        s.add("meeting.held", 18 - n, contact_id=contact, format="coffee", minutes=45)
        s.add("impression.noted", 18 - n, contact_id=contact, valence="positive",
              context="Worked together for three years")  # fmt: skip
    for n, company in enumerate(["Company A", "Company B", "Company C"]):
        s.add("referral.made", 16 - n, contact_id=people[n], company=company,
              referred_to="hiring_manager")  # fmt: skip
        s.add("interview.scheduled", 9 - n, company=company, with_hiring_manager=True)
    for week in range(4):
        for n in range(3):
            s.add(
                "lead.created", 7 * week + 2 + n, company=f"Company {chr(68 + n)}", quality="solid"
            )
    s.add("presentation.submitted", 30, asset="resume",
          text="Product manager with eight years of experience shipping analytics products. "
               "Led a team of six engineers and grew revenue by a third.")  # fmt: skip
    return s.events


def _too_few_contacts(today: date) -> list[Event]:
    s = _Story("sam-okafor", today)
    s.add("employment.ended", 40, circumstance="resigned")
    people = s.contacts("sam", 12, seniority="mid", relationship="alumni")
    s.reach(people, weeks=5, per_week=5)
    s.add("lead.created", 10, company="Company B", quality="weak")
    return s.events


def _departure_story(today: date) -> list[Event]:
    s = _Story("jordan-reyes", today)
    s.add("employment.ended", 70, circumstance="fired")
    people = s.contacts("jordan", 40, seniority="senior", relationship="former_colleague")
    s.reach(people, weeks=5, per_week=16)
    for n, contact in enumerate(people[:4]):
        s.add("departure.explained", 40 - n, contact_id=contact, story="growth")
        s.add("referral.made", 38 - n, contact_id=contact, company=f"Company {chr(65 + n)}",
              referred_to="hr")  # fmt: skip
    s.add("feedback.received", 12, aspect="departure_story", sentiment="negative",
          contact_id=people[0], note="The story about leaving did not add up.")  # fmt: skip
    return s.events


def _prior_impression(today: date) -> list[Event]:
    s = _Story("casey-morgan", today)
    people = s.contacts("casey", 40, seniority="senior", relationship="alumni")
    s.reach(people, weeks=5, per_week=16)
    for n, contact in enumerate(people[:3]):
        s.add("impression.noted", 44, contact_id=contact, valence="negative",
              context="Remembered from a rowdy spring-break trip")  # fmt: skip
        s.add("referral.made", 35 - n, contact_id=contact, company=f"Company {chr(65 + n)}",
              referred_to="hiring_manager")  # fmt: skip
    return s.events


def _lacks_leverage(today: date) -> list[Event]:
    s = _Story("riley-kim", today)
    people = s.contacts("riley", 40, seniority="junior", relationship="friend",
                        can_reach_hiring_manager=False)  # fmt: skip
    s.reach(people, weeks=5, per_week=16)
    for n, contact in enumerate(people[:6]):
        company = f"Company {chr(65 + n)}"
        s.add("meeting.held", 30 - n, contact_id=contact, format="coffee", minutes=40)
        s.add("referral.requested", 29 - n, contact_id=contact, company=company)
        s.add("referral.made", 28 - n, contact_id=contact, company=company,
              referred_to="recruiter" if n % 2 else "hr")  # fmt: skip
    return s.events


def _presentation(today: date) -> list[Event]:
    s = _Story("taylor-brooks", today)
    people = s.contacts("taylor", 40, seniority="mid", relationship="acquaintance")
    s.reach(people, weeks=5, per_week=16)
    s.add("presentation.submitted", 20, asset="resume",
          text="Experiense in managment of cross-functional teams.\n"
               "Responsable for teh quarterly roadmap and and stakeholder updates.")  # fmt: skip
    s.add(
        "presentation.submitted",
        18,
        asset="linkedin",
        text="Product leader. i love building things that customers recieve well.",
    )
    s.add("feedback.received", 15, aspect="photo", sentiment="negative", contact_id=people[1],
          note="Profile photo is from a party.")  # fmt: skip
    return s.events


def _unwilling(today: date) -> list[Event]:
    s = _Story("morgan-lee", today)
    people = s.contacts("morgan", 40, seniority="senior", relationship="cold")
    s.reach(people, weeks=5, per_week=16)
    for n, contact in enumerate(people[:4]):
        s.add("contact.replied", 34 - n, contact_id=contact,
              willingness="reluctant" if n % 2 else "declined")  # fmt: skip
        s.add("meeting.held", 32 - n, contact_id=contact, format="video", minutes=90)
        s.add("help.promised", 31 - n, contact_id=contact, action="introduce to the team lead")
    s.add("meeting.held", 20, contact_id=people[10], format="call", minutes=20)
    return s.events


def _wrong_season(today: date) -> list[Event]:
    """Outreach crowded into the current low season (or the latest one, if none is on)."""
    s = _Story("alex-novak", today)
    people = s.contacts("alex", 30, seniority="mid", relationship="alumni")
    day, spread = today, 0
    while (season := low_season_on(day)) is None:
        day -= timedelta(days=1)
    spread = min((day - season.starts_on).days, 20)
    offset = (today - day).days
    for n, contact in enumerate(people[:18]):
        s.add("outreach.sent", offset + (n % (spread + 1)), contact_id=contact, channel="email")
    return s.events


_STORIES: dict[str, Callable[[date], list[Event]]] = {
    "maya-chen": _healthy,
    "sam-okafor": _too_few_contacts,
    "jordan-reyes": _departure_story,
    "casey-morgan": _prior_impression,
    "riley-kim": _lacks_leverage,
    "taylor-brooks": _presentation,
    "morgan-lee": _unwilling,
    "alex-novak": _wrong_season,
}


def demo_candidates(today: date) -> dict[str, list[Event]]:
    """Each demo candidate's events, as a partner would post them."""
    return {candidate: story(today) for candidate, story in _STORIES.items()}
